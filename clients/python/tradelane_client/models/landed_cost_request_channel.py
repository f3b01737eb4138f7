from enum import StrEnum


class LandedCostRequestChannel(StrEnum):
    COURIER = "courier"
    POST = "post"

    def __str__(self) -> str:
        return str(self.value)
