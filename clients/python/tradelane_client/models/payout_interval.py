from enum import StrEnum


class PayoutInterval(StrEnum):
    DAILY = "daily"
    MANUAL = "manual"
    WEEKLY = "weekly"

    def __str__(self) -> str:
        return str(self.value)
