from enum import StrEnum


class CustomsDocumentRequiredKind(StrEnum):
    FORM = "form"
    IDENTIFIER = "identifier"
    REQUIREMENT = "requirement"

    def __str__(self) -> str:
        return str(self.value)
