from enum import StrEnum


class LandedCostReadSupply(StrEnum):
    DOMESTIC = "domestic"
    IMPORT = "import"

    def __str__(self) -> str:
        return str(self.value)
