from enum import StrEnum


class ShipmentEventInStatus(StrEnum):
    CUSTOMS_CLEARED = "customs_cleared"
    CUSTOMS_HOLD = "customs_hold"
    DELIVERED = "delivered"
    DELIVERY_FAILED = "delivery_failed"
    IN_TRANSIT = "in_transit"
    LOST = "lost"
    OUT_FOR_DELIVERY = "out_for_delivery"
    PENDING = "pending"
    PICKED_UP = "picked_up"
    RETURNED_TO_SENDER = "returned_to_sender"

    def __str__(self) -> str:
        return str(self.value)
