from enum import StrEnum


class HsCodeReadLevel(StrEnum):
    CHAPTER = "chapter"
    HEADING = "heading"
    NATIONAL = "national"
    SUBHEADING = "subheading"

    def __str__(self) -> str:
        return str(self.value)
