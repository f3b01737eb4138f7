from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    COMPLIANCE_OFFICER = "compliance_officer"
    CREATOR = "creator"
    MERCHANT = "merchant"
    SHOP = "shop"

    def __str__(self) -> str:
        return str(self.value)
