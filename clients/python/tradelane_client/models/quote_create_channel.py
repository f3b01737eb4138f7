from enum import StrEnum


class QuoteCreateChannel(StrEnum):
    LIVE_STREAM = "live_stream"
    MARKETPLACE = "marketplace"
    SOCIAL_COMMERCE = "social_commerce"

    def __str__(self) -> str:
        return str(self.value)
