from enum import StrEnum


class AffiliatePlanKind(StrEnum):
    OPEN = "open"
    TARGETED = "targeted"

    def __str__(self) -> str:
        return str(self.value)
