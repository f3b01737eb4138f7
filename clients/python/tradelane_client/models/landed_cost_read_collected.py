from enum import StrEnum


class LandedCostReadCollected(StrEnum):
    BORDER = "border"
    CHECKOUT = "checkout"

    def __str__(self) -> str:
        return str(self.value)
