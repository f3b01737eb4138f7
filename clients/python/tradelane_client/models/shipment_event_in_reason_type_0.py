from enum import StrEnum


class ShipmentEventInReasonType0(StrEnum):
    ADDRESS_ISSUE = "address_issue"
    CARRIER_DELAY = "carrier_delay"
    CUSTOMS_DELAY = "customs_delay"
    CUSTOMS_DOCUMENTS = "customs_documents"
    DAMAGED = "damaged"
    DUTIES_UNPAID = "duties_unpaid"
    OTHER = "other"
    PROHIBITED = "prohibited"
    RECIPIENT_ABSENT = "recipient_absent"
    WEATHER = "weather"

    def __str__(self) -> str:
        return str(self.value)
