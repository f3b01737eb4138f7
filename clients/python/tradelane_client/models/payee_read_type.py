from enum import StrEnum


class PayeeReadType(StrEnum):
    CREATOR = "creator"
    MERCHANT = "merchant"

    def __str__(self) -> str:
        return str(self.value)
