from enum import StrEnum


class FxQuoteStatus(StrEnum):
    CONSUMED = "consumed"
    EXPIRED = "expired"
    OPEN = "open"

    def __str__(self) -> str:
        return str(self.value)
