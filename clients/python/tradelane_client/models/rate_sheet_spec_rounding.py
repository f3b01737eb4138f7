from enum import StrEnum


class RateSheetSpecRounding(StrEnum):
    HALF_EVEN = "half_even"
    HALF_UP = "half_up"

    def __str__(self) -> str:
        return str(self.value)
