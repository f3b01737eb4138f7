from enum import StrEnum


class ExportRateSheetFormat(StrEnum):
    CSV = "csv"
    YAML = "yaml"

    def __str__(self) -> str:
        return str(self.value)
