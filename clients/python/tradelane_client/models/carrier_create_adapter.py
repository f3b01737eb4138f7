from enum import StrEnum


class CarrierCreateAdapter(StrEnum):
    KARRIO_DHL_EXPRESS = "karrio_dhl_express"
    KARRIO_EASYSHIP = "karrio_easyship"
    KARRIO_FEDEX = "karrio_fedex"
    RATE_SHEET = "rate_sheet"

    def __str__(self) -> str:
        return str(self.value)
