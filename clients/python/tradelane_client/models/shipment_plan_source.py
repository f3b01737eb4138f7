from enum import StrEnum


class ShipmentPlanSource(StrEnum):
    LIVE = "live"
    SHEET = "sheet"

    def __str__(self) -> str:
        return str(self.value)
