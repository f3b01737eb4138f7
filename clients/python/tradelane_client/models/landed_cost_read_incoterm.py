from enum import StrEnum


class LandedCostReadIncoterm(StrEnum):
    DAP = "DAP"
    DDP = "DDP"

    def __str__(self) -> str:
        return str(self.value)
