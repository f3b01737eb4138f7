from enum import StrEnum


class EndpointStatus(StrEnum):
    DELETED = "deleted"
    ENABLED = "enabled"
    FAILING = "failing"

    def __str__(self) -> str:
        return str(self.value)
