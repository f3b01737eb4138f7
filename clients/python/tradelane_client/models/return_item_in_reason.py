from enum import StrEnum


class ReturnItemInReason(StrEnum):
    CHANGED_MIND = "changed_mind"
    DAMAGED = "damaged"
    LATE = "late"
    NOT_AS_DESCRIBED = "not_as_described"
    OTHER = "other"
    WRONG_SIZE = "wrong_size"

    def __str__(self) -> str:
        return str(self.value)
