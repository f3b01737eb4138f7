from enum import StrEnum


class SaleCreateFulfillment(StrEnum):
    FULLY_MANAGED = "fully_managed"
    MERCHANT = "merchant"

    def __str__(self) -> str:
        return str(self.value)
