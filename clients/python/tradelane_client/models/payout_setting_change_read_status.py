from enum import StrEnum


class PayoutSettingChangeReadStatus(StrEnum):
    APPLIED = "applied"
    APPROVED = "approved"
    PENDING_APPROVAL = "pending_approval"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"

    def __str__(self) -> str:
        return str(self.value)
