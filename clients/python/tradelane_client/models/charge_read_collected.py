from enum import StrEnum


class ChargeReadCollected(StrEnum):
    BORDER = "border"
    CHECKOUT = "checkout"

    def __str__(self) -> str:
        return str(self.value)
