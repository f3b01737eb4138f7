from enum import StrEnum


class QuoteCreateIncoterm(StrEnum):
    DAP = "DAP"
    DDP = "DDP"

    def __str__(self) -> str:
        return str(self.value)
