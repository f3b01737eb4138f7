from enum import StrEnum


class ScopeType(StrEnum):
    COUNTRIES = "countries"
    GLOBAL = "global"
    REGION = "region"

    def __str__(self) -> str:
        return str(self.value)
