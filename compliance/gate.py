"""The sale gate: may this sale happen now, here, on this channel, with these goods?

One question asked at each step of a sale, with the rules in force at that instant: market access (the
country, the rule sets scoped to a region around the destination's point, the sales channel, emergency
suspensions), restricted goods, and the documents the goods need. A quote asks it and shows what it blocks; an
order and a carrier booking ask it again and are refused (`SaleRefused`: 409 `market-closed` or
`goods-restricted`) when the answer turned against the sale since the step before it: a market closed or
suspended, goods blocked, or a document required that was not required then. Each answer names the rule set
and version (or the suspension) behind every refusal and document.

Sales to consumers in the EU also need the merchant's trader information complete and verified (Digital
Services Act, art. 30): `check_trader` refuses them (409 `trader-not-verified`) naming what is missing.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from compliance import errors
from compliance.evaluation import (
    MarketAccess,
    Restriction,
    RuleRef,
    as_instant,
    market_access,
    restricted_goods,
)
from compliance.models import RuleDecision
from compliance.topics.customs.defaults import EU_MEMBERS
from core.errors import FieldError

TOPICS_ASKED = ("market_access", "restricted_goods")
"""The rule topics the gate asks: its decisions (logged under `*`) are replayed by simulations of these."""


@dataclass(frozen=True, slots=True)
class Goods:
    """One line of a sale as the rules see it."""

    sku: str
    hs_code: str
    category: str | None = None


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why the gate refuses: the problem type, the reason, and the rule version or suspension behind it."""

    type: str
    """`market-closed` or `goods-restricted`."""
    reason: str
    rule: RuleRef | None = None
    suspension_id: str | None = None
    sku: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "reason": self.reason,
            "rule_set": self.rule.key if self.rule else None,
            "version": self.rule.version if self.rule else None,
            "suspension_id": self.suspension_id,
            "sku": self.sku,
        }

    def __str__(self) -> str:
        if self.rule is not None:
            source = f"rule set {self.rule.key}, version {self.rule.version}"
        elif self.suspension_id is not None:
            source = f"suspension {self.suspension_id}"
        else:
            source = "no rule set opens it"
        return f"{self.sku + ': ' if self.sku else ''}{self.reason} ({source})"


@dataclass(frozen=True, slots=True)
class Document:
    sku: str
    document: str
    rule: RuleRef

    def as_dict(self) -> dict[str, Any]:
        return {
            "sku": self.sku,
            "document": self.document,
            "rule_set": self.rule.key,
            "version": self.rule.version,
        }


@dataclass(frozen=True, slots=True)
class SaleCheck:
    """The gate's answer for one sale at one instant."""

    country: str
    channel: str
    on: datetime
    point: tuple[float, float] | None
    access: MarketAccess
    goods: tuple[Goods, ...]
    restrictions: tuple[Restriction, ...]
    rules: tuple[RuleRef, ...]

    @property
    def refusals(self) -> list[Refusal]:
        """What stops the sale whatever came before: the market closed, goods blocked."""
        out = [
            Refusal("market-closed", c.reason, c.rule, c.suspension_id)
            for c in (() if self.access.open else self.access.closed_by)
        ]
        for g, r in zip(self.goods, self.restrictions, strict=True):
            out.extend(
                Refusal("goods-restricted", hit.row.reason, hit.rule, sku=g.sku)
                for hit in r.hits
                if hit.row.action == "block"
            )
        return out

    @property
    def documents(self) -> list[Document]:
        return [
            Document(g.sku, hit.row.document, hit.rule)
            for g, r in zip(self.goods, self.restrictions, strict=True)
            for hit in r.hits
            if hit.row.action == "document_required" and hit.row.document
        ]

    def document_names(self) -> list[str]:
        return sorted({d.document for d in self.documents})

    def refusals_since(self, documents_before: Collection[str]) -> list[Refusal]:
        """The refusals, and each document required now that was not required by the step before."""
        new = [
            Refusal(
                "goods-restricted",
                f"{d.document} is required since the sale was quoted",
                d.rule,
                sku=d.sku,
            )
            for d in self.documents
            if d.document not in documents_before
        ]
        return [*self.refusals, *new]

    def decision_input(self) -> dict[str, Any]:
        """What a decision log keeps to replay this check (`replay`)."""
        return {
            "country": self.country,
            "channel": self.channel,
            "on": self.on.isoformat(),
            "point": list(self.point) if self.point else None,
            "goods": [[g.hs_code, g.category] for g in self.goods],
        }

    def outcome(self, refusals: Sequence[Refusal] | None = None) -> dict[str, Any]:
        refused = self.refusals if refusals is None else refusals
        return {
            "open": self.access.open,
            "blocked": [r.action == "block" for r in self.restrictions],
            "documents": [d.as_dict() for d in self.documents],
            "refusals": [r.as_dict() for r in refused],
        }


def check_sale(
    country: str,
    *,
    channel: str,
    goods: Sequence[Goods],
    on: date | datetime | None = None,
    point: tuple[float, float] | None = None,
) -> SaleCheck:
    """Ask the rules in force on `on` about this sale (no database: the rules' snapshot)."""
    instant = as_instant(on)
    access = market_access(country, on=instant, channel=channel, point=point)
    restrictions, goods_rules = restricted_goods(
        country,
        on=instant,
        point=point,
        hs_codes=[g.hs_code for g in goods],
        categories=[g.category for g in goods],
    )
    rules = tuple(dict.fromkeys((*access.rules, *goods_rules)))
    return SaleCheck(country, channel, instant, point, access, tuple(goods), tuple(restrictions), rules)


def replay(data: dict[str, Any], _topic: str = "*") -> dict[str, Any]:
    """A logged check (`SaleCheck.decision_input`) asked again, for simulations: is the market open on the
    channel, which goods are blocked. Decisions logged before channels were kept ask for the marketplace."""
    point = tuple(data["point"]) if data.get("point") else None
    goods = [Goods(str(n), g[0] or "", g[1]) for n, g in enumerate(data.get("goods", []))]
    check = check_sale(
        data["country"],
        channel=data.get("channel") or "marketplace",
        goods=goods,
        on=data["on"],
        point=point,  # type: ignore[arg-type]
    )
    return {"open": check.access.open, "blocked": [r.action == "block" for r in check.restrictions]}


def documents_decided(session: Session, *, context: str, subject_id: str) -> set[str] | None:
    """The documents the last decision logged for `subject_id` in `context` required; None when no decision
    of that kind names its documents (logged before they were kept)."""
    outcome = session.exec(
        select(RuleDecision.outcome)
        .where(RuleDecision.subject_id == subject_id, RuleDecision.context == context)
        .order_by(col(RuleDecision.at).desc())
        .limit(1)
    ).first()
    if not isinstance(outcome, dict) or "documents" not in outcome:
        return None
    return {d["document"] if isinstance(d, dict) else str(d) for d in outcome["documents"]}


def refuse(check: SaleCheck, refusals: Sequence[Refusal], *, what: str, field: str) -> errors.SaleRefused:
    """The problem for a refused sale: `market-closed` when the market is, else `goods-restricted`; the
    detail and `refusals` name each reason with its rule set and version (or suspension)."""
    cls = errors.MarketClosed if any(r.type == "market-closed" for r in refusals) else errors.GoodsRestricted
    where = f"{check.country} ({check.channel.replace('_', ' ')})"
    detail = f"{what} is refused: {where}: " + "; ".join(str(r) for r in refusals)
    if check.rules:
        detail += f"; rules in force: {', '.join(str(r) for r in check.rules)}"
    return cls(
        detail,
        errors=[FieldError(field, str(r)) for r in refusals],
        extensions={
            "country": check.country,
            "channel": check.channel,
            "refusals": [r.as_dict() for r in refusals],
            "rules": [str(r) for r in check.rules],
        },
    )


TRADER_COUNTRIES = frozenset(EU_MEMBERS)
"""Where a marketplace must know and verify its traders before they sell to consumers (EU DSA art. 30)."""


def check_trader(
    country: str, *, merchant_id: str, missing: Sequence[str], what: str, field: str = "merchant_id"
) -> None:
    """Refuse a sale to `country` (TraderNotVerified, 409) when it is in the EU and the merchant lacks any of
    its trader information or the verification of it (`missing`, as `core.traders.missing` names them)."""
    if country not in TRADER_COUNTRIES or not missing:
        return
    lacking = [m for m in missing if m != "verification"]
    parts = [f"missing {', '.join(lacking)}"] if lacking else []
    if "verification" in missing:
        parts.append("not verified by the marketplace")
    reason = f"trader information of merchant {merchant_id}: {'; '.join(parts)}"
    raise errors.TraderNotVerified(
        f"{what} to {country} is refused: sales to the EU need the merchant's verified trader information "
        f"(Digital Services Act, art. 30); {reason}",
        errors=[FieldError(field, reason)],
        extensions={"country": country, "merchant_id": merchant_id, "missing": list(missing)},
    )
