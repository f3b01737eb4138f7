from enum import StrEnum


class PayoutMethod(StrEnum):
    BANK_FILE = "bank_file"
    STRIPE = "stripe"

    def __str__(self) -> str:
        return str(self.value)
