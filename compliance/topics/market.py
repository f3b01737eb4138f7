"""Topics about who may sell what where: market access, restricted goods, payout holds.

Their default data is `data/market.yaml`, validated by the row models here when loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from compliance.topics import DefaultRuleSet, TopicSpec, add_defaults, load_default_data, register
from core.merchants import validate_country

SalesChannel = Literal["marketplace", "social_commerce", "live_stream"]
"""Where a sale happens: a marketplace's checkout, a social-commerce checkout, a live stream's."""
Channel = Literal["all", "marketplace", "social_commerce", "live_stream"]
"""A sales channel, or `all` for a row (or a suspension) that applies to every channel."""


def _country_or_any(v: str) -> str:
    return v if v == "*" else validate_country(v)


def _hs_prefix(v: str) -> str:
    digits = v.replace(".", "")
    if digits not in ("", "*") and (not digits.isdigit() or not 2 <= len(digits) <= 10):
        raise ValueError("an HS prefix is 2 to 10 digits, or '*' for every code")
    return "" if digits == "*" else digits


CountryOrAny = Annotated[str, AfterValidator(_country_or_any)]
Country = Annotated[str, AfterValidator(validate_country)]
HsPrefix = Annotated[str, AfterValidator(_hs_prefix)]


# --- market access --------------------------------------------------------------------------------


class MarketAccessRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    country: CountryOrAny = Field(
        description="ISO 3166-1 alpha-2, or * for every country in the rule's scope"
    )
    channel: Channel = "all"
    access: Literal["open", "closed"]
    reason: str = ""


class MarketAccessInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    country: Country
    channel: Channel = "marketplace"


def access_row_matches(row: MarketAccessRow, country: str, channel: str) -> bool:
    """The row speaks of this country (or of every country in its scope) and of this channel (or of all)."""
    return row.country in (country, "*") and row.channel in (channel, "all")


def evaluate_market_access(rows: Sequence[MarketAccessRow], data: MarketAccessInput) -> dict[str, Any]:
    """Closed if any matching row closes it, or if no row opens it: an unlisted destination is not served."""
    matching = [r for r in rows if access_row_matches(r, data.country, data.channel)]
    if not any(r.access == "open" for r in matching):
        return {"open": False, "reasons": [r.reason for r in matching if r.reason] or ["not a served market"]}
    closed = [r for r in matching if r.access == "closed"]
    if closed:
        return {"open": False, "reasons": [r.reason for r in closed]}
    return {"open": True, "reasons": [r.reason for r in matching if r.reason]}


register(
    TopicSpec(
        "market_access",
        MarketAccessRow,
        MarketAccessInput,
        evaluate_market_access,
        "Whether a destination market is open, per sales channel.",
    )
)


# --- restricted goods -----------------------------------------------------------------------------


class RestrictedGoodsRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    hs_prefix: HsPrefix = Field(default="", description="HS code prefix (2-10 digits); empty with a category")
    category: str | None = Field(
        default=None, description="A product category instead of (or with) the prefix"
    )
    action: Literal["block", "document_required"]
    document: str | None = None
    reason: str


class RestrictedGoodsInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    hs_code: HsPrefix
    category: str | None = None


def goods_row_matches(row: RestrictedGoodsRow, hs_code: str, category: str | None) -> bool:
    if row.hs_prefix and not hs_code.startswith(row.hs_prefix):
        return False
    if row.category and row.category != category:
        return False
    return bool(row.hs_prefix or row.category)


def evaluate_restricted_goods(
    rows: Sequence[RestrictedGoodsRow], data: RestrictedGoodsInput
) -> dict[str, Any]:
    hits = [r for r in rows if goods_row_matches(r, data.hs_code, data.category)]
    action = "block" if any(r.action == "block" for r in hits) else ("document_required" if hits else "allow")
    return {
        "action": action,
        "reasons": [r.reason for r in hits],
        "documents": sorted({r.document for r in hits if r.document}),
    }


register(
    TopicSpec(
        "restricted_goods",
        RestrictedGoodsRow,
        RestrictedGoodsInput,
        evaluate_restricted_goods,
        "Goods a destination blocks or admits only with a document.",
    )
)


# --- payout holds ---------------------------------------------------------------------------------


class PayoutHoldRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    merchant_country: CountryOrAny = "*"
    trader_verification: Literal["unverified", "pending", "verified", "rejected", "*"] = "*"
    hold: Literal["until_cleared", "days"] = "days"
    days: int = Field(default=0, ge=0, le=365)
    reason: str


class PayoutHoldInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    merchant_country: Country
    trader_verification: Literal["unverified", "pending", "verified", "rejected"] = "verified"


def evaluate_payout_holds(rows: Sequence[PayoutHoldRow], data: PayoutHoldInput) -> dict[str, Any]:
    hits = [
        r
        for r in rows
        if r.merchant_country in (data.merchant_country, "*")
        and r.trader_verification in (data.trader_verification, "*")
    ]
    blocked = any(r.hold == "until_cleared" for r in hits)
    return {
        "held": blocked,
        "extra_days": max((r.days for r in hits if r.hold == "days"), default=0),
        "reasons": [r.reason for r in hits],
    }


register(
    TopicSpec(
        "payout_holds",
        PayoutHoldRow,
        PayoutHoldInput,
        evaluate_payout_holds,
        "Extra delays or blocks on merchant payouts.",
    )
)


# --- default data ---------------------------------------------------------------------------------

DEFAULT_DATA = Path(__file__).parent / "data" / "market.yaml"
"""Markets, the sanctioned Crimea polygon, restricted goods and payout holds, with their sources."""

RULE_SETS: tuple[DefaultRuleSet, ...] = tuple(load_default_data(DEFAULT_DATA))
add_defaults(*RULE_SETS)


def _launch_markets() -> list[str]:
    launch = next(rs for rs in RULE_SETS if rs.key == "market-access").versions[0]
    return [r["country"] for r in launch.rows if r["access"] == "open" and r["country"] != "*"]


MARKETS = _launch_markets()
"""The destinations the platform sells to (the open rows of the market-access rule set at launch)."""
