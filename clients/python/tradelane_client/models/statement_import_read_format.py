from enum import StrEnum


class StatementImportReadFormat(StrEnum):
    CAMT_053 = "camt.053"
    CAMT_054 = "camt.054"
    CSV = "csv"
    MT940 = "mt940"

    def __str__(self) -> str:
        return str(self.value)
