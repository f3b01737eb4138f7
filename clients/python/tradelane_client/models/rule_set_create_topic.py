from enum import StrEnum


class RuleSetCreateTopic(StrEnum):
    DOCUMENTS = "documents"
    DUTIES = "duties"
    IMPORT_THRESHOLDS = "import_thresholds"
    MARKET_ACCESS = "market_access"
    PAYOUT_HOLDS = "payout_holds"
    RESTRICTED_GOODS = "restricted_goods"
    TAXES = "taxes"

    def __str__(self) -> str:
        return str(self.value)
