from enum import StrEnum


class ServiceUpdateModeType0(StrEnum):
    DEDICATED_LINE = "dedicated_line"
    EXPRESS = "express"
    POSTAL = "postal"

    def __str__(self) -> str:
        return str(self.value)
