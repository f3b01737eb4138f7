from enum import StrEnum


class ParcelInGoodsItem(StrEnum):
    BATTERY = "battery"
    COSMETICS = "cosmetics"
    FOOD = "food"
    FRAGILE = "fragile"
    GENERAL = "general"
    LIQUID = "liquid"
    MAGNETIC = "magnetic"
    POWDER = "powder"

    def __str__(self) -> str:
        return str(self.value)
