from enum import StrEnum


class QuoteOptionDutiesCollected(StrEnum):
    CHECKOUT = "checkout"
    DOOR = "door"
    NONE = "none"

    def __str__(self) -> str:
        return str(self.value)
