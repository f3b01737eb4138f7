from enum import StrEnum


class ChargeReadCategory(StrEnum):
    DUTY = "duty"
    FEE = "fee"
    TAX = "tax"

    def __str__(self) -> str:
        return str(self.value)
