from enum import StrEnum


class QuoteCreateObjective(StrEnum):
    BEST_VALUE = "best_value"
    CHEAPEST = "cheapest"
    FASTEST = "fastest"

    def __str__(self) -> str:
        return str(self.value)
