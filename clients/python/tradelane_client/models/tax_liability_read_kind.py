from enum import StrEnum


class TaxLiabilityReadKind(StrEnum):
    DUTY = "duty"
    VAT = "vat"

    def __str__(self) -> str:
        return str(self.value)
