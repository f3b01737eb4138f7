from enum import StrEnum


class LandedCostReadCollection(StrEnum):
    BORDER = "border"
    CHECKOUT = "checkout"

    def __str__(self) -> str:
        return str(self.value)
