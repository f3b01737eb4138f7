from enum import StrEnum


class ServiceReadMode(StrEnum):
    DEDICATED_LINE = "dedicated_line"
    EXPRESS = "express"
    POSTAL = "postal"

    def __str__(self) -> str:
        return str(self.value)
