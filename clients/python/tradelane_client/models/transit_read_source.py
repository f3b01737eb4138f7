from enum import StrEnum


class TransitReadSource(StrEnum):
    LEARNED = "learned"
    SHEET = "sheet"

    def __str__(self) -> str:
        return str(self.value)
