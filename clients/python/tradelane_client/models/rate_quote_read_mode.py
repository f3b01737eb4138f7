from enum import StrEnum


class RateQuoteReadMode(StrEnum):
    DEDICATED_LINE = "dedicated_line"
    EXPRESS = "express"
    POSTAL = "postal"

    def __str__(self) -> str:
        return str(self.value)
