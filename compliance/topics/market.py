"""Topics about who may sell what where: market access, restricted goods, payout holds; with default data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from compliance.topics import DefaultRuleSet, DefaultVersion, TopicSpec, add_defaults, register
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

EU = [
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
]
MARKETS = ["US", "GB", "AU", "CA", "ID", "MX", "BR", "JP", "SG", "TH", "PH", "MY", "VN", "UA", *EU]


def _d(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


_open_rows = [{"country": c, "channel": "all", "access": "open", "reason": ""} for c in MARKETS]
_id_closed = {
    "country": "ID",
    "channel": "social_commerce",
    "access": "closed",
    "reason": "Permendag 31/2023: social-commerce checkout banned in Indonesia",
}
_id_local = {
    "country": "ID",
    "channel": "social_commerce",
    "access": "open",
    "reason": "Reopened through a licensed local marketplace (Tokopedia)",
}

add_defaults(
    DefaultRuleSet(
        key="market-access",
        topic="market_access",
        name="Markets open for cross-border sales",
        description="The destinations the platform sells to, per channel.",
        versions=[
            DefaultVersion(
                _d(2023, 1, 1),
                _open_rows,
                "Markets at launch",
                "https://example.org/launch",
                effective_to=_d(2023, 10, 4),
                tests=[
                    {
                        "name": "ID social commerce open",
                        "input": {"country": "ID", "channel": "social_commerce"},
                        "expect": {"open": True},
                    }
                ],
            ),
            DefaultVersion(
                _d(2023, 10, 4),
                [*_open_rows, _id_closed],
                "Indonesia bans social-commerce checkout (Permendag 31/2023)",
                "https://jdih.kemendag.go.id/peraturan/permendag-31-2023",
                effective_to=_d(2023, 12, 12),
                tests=[
                    {
                        "name": "ID social commerce closed",
                        "input": {"country": "ID", "channel": "social_commerce"},
                        "expect": {"open": False},
                    },
                    {
                        "name": "ID marketplace open",
                        "input": {"country": "ID", "channel": "marketplace"},
                        "expect": {"open": True},
                    },
                ],
            ),
            DefaultVersion(
                _d(2023, 12, 12),
                [*_open_rows, _id_local],
                "Indonesia reopened through a local marketplace",
                "https://www.reuters.com/technology/tiktok-tokopedia-deal-2023-12-11/",
                tests=[
                    {
                        "name": "ID social commerce open again",
                        "input": {"country": "ID", "channel": "social_commerce"},
                        "expect": {"open": True},
                    }
                ],
            ),
        ],
    ),
    DefaultRuleSet(
        key="sanctions-crimea",
        topic="market_access",
        name="Sanctioned region: Crimea",
        description="Sanctions cover regions, not only countries: no deliveries inside this polygon.",
        region={
            "type": "Polygon",
            "coordinates": [
                [
                    [32.4, 44.3],
                    [33.4, 44.35],
                    [34.2, 44.4],
                    [35.4, 44.5],
                    [36.7, 45.3],
                    [35.5, 45.95],
                    [34.5, 46.2],
                    [33.6, 46.2],
                    [32.5, 45.5],
                    [32.4, 44.3],
                ]
            ],
        },
        versions=[
            DefaultVersion(
                _d(2014, 12, 19),
                [
                    {
                        "country": "*",
                        "channel": "all",
                        "access": "closed",
                        "reason": "Sanctions: Crimea region",
                    }
                ],
                "EU Council Regulation 692/2014 and US EO 13685",
                "https://eur-lex.europa.eu/eli/reg/2014/692/oj",
                tests=[{"name": "closed", "input": {"country": "UA"}, "expect": {"open": False}}],
            )
        ],
    ),
    DefaultRuleSet(
        key="restricted-goods-global",
        topic="restricted_goods",
        name="Goods the platform never ships",
        versions=[
            DefaultVersion(
                _d(2023, 1, 1),
                [
                    {"hs_prefix": "9301", "action": "block", "reason": "Weapons"},
                    {"hs_prefix": "9302", "action": "block", "reason": "Weapons"},
                    {"hs_prefix": "9303", "action": "block", "reason": "Weapons"},
                    {"hs_prefix": "9304", "action": "block", "reason": "Weapons"},
                    {"hs_prefix": "9305", "action": "block", "reason": "Weapons"},
                    {"hs_prefix": "9306", "action": "block", "reason": "Ammunition"},
                    {
                        "hs_prefix": "3601",
                        "action": "block",
                        "reason": "Explosives and fireworks (dangerous goods)",
                    },
                    {
                        "hs_prefix": "3604",
                        "action": "block",
                        "reason": "Explosives and fireworks (dangerous goods)",
                    },
                    {
                        "hs_prefix": "850760",
                        "action": "document_required",
                        "document": "UN38.3 test summary",
                        "reason": "Standalone lithium-ion batteries ship only with a UN38.3 test summary",
                    },
                ],
                "Platform policy on dangerous goods",
                "https://www.iata.org/en/programs/cargo/dgr/",
                tests=[
                    {"name": "pistol blocked", "input": {"hs_code": "930200"}, "expect": {"action": "block"}},
                    {
                        "name": "t-shirt allowed",
                        "input": {"hs_code": "610910"},
                        "expect": {"action": "allow"},
                    },
                ],
            )
        ],
    ),
    DefaultRuleSet(
        key="restricted-goods-au",
        topic="restricted_goods",
        name="Australia: vaping goods",
        countries=["AU"],
        versions=[
            DefaultVersion(
                _d(2024, 3, 1),
                [
                    {
                        "hs_prefix": "854340",
                        "action": "block",
                        "reason": "Import of disposable and refillable vapes banned without a licence",
                    },
                ],
                "Therapeutic Goods (Vaping) reforms",
                "https://www.tga.gov.au/products/unapproved-therapeutic-goods/vaping-hub",
                tests=[
                    {"name": "vape blocked", "input": {"hs_code": "85434000"}, "expect": {"action": "block"}}
                ],
            )
        ],
    ),
    DefaultRuleSet(
        key="restricted-goods-id",
        topic="restricted_goods",
        name="Indonesia: cosmetics need BPOM registration",
        countries=["ID"],
        versions=[
            DefaultVersion(
                _d(2023, 10, 17),
                [
                    {
                        "hs_prefix": "3304",
                        "action": "document_required",
                        "document": "BPOM notification",
                        "reason": "Cosmetics need a BPOM notification number",
                    },
                ],
                "Permendag 36/2023 import controls",
                "https://jdih.kemendag.go.id/",
                tests=[
                    {
                        "name": "lipstick needs BPOM",
                        "input": {"hs_code": "330410"},
                        "expect": {"action": "document_required"},
                    }
                ],
            )
        ],
    ),
    DefaultRuleSet(
        key="payout-holds-dsa",
        topic="payout_holds",
        name="Unverified traders are not paid out",
        description="EU DSA article 30: traders must be verified before they sell to EU consumers.",
        versions=[
            DefaultVersion(
                _d(2024, 2, 17),
                [
                    {
                        "merchant_country": "*",
                        "trader_verification": "unverified",
                        "hold": "until_cleared",
                        "reason": "Trader not verified (DSA art. 30)",
                    },
                    {
                        "merchant_country": "*",
                        "trader_verification": "rejected",
                        "hold": "until_cleared",
                        "reason": "Trader verification rejected",
                    },
                    {
                        "merchant_country": "*",
                        "trader_verification": "pending",
                        "hold": "days",
                        "days": 7,
                        "reason": "Trader verification pending: payouts wait a week",
                    },
                ],
                "Digital Services Act, article 30",
                "https://eur-lex.europa.eu/eli/reg/2022/2065/oj",
                tests=[
                    {
                        "name": "verified paid",
                        "input": {"merchant_country": "CN", "trader_verification": "verified"},
                        "expect": {"held": False, "extra_days": 0},
                    },
                    {
                        "name": "unverified held",
                        "input": {"merchant_country": "CN", "trader_verification": "unverified"},
                        "expect": {"held": True},
                    },
                ],
            )
        ],
    ),
)
