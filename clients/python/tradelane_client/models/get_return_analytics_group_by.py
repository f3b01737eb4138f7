from enum import StrEnum


class GetReturnAnalyticsGroupBy(StrEnum):
    CATEGORY = "category"
    MERCHANT = "merchant"
    SKU = "sku"

    def __str__(self) -> str:
        return str(self.value)
