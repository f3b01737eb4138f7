from enum import StrEnum


class TaxRemittanceCreateKind(StrEnum):
    DUTY = "duty"
    VAT = "vat"

    def __str__(self) -> str:
        return str(self.value)
