"""The sale gate at each step after the quote: placing the order, and booking each shipment's label.

Each step asks `compliance.gate.check_sale` again with the rules in force at that instant, compares the
answer with the step before (the quote for an order, the order for a booking) and either logs the decision
with the versions it used or refuses the sale (409 `market-closed` / `goods-restricted`, naming each rule set
and version or the suspension behind the refusal).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session

from compliance.evaluation import record_decision, register_replayer
from compliance.gate import (
    Goods,
    Refusal,
    SaleCheck,
    check_sale,
    documents_decided,
    refuse,
)
from compliance.gate import replay as replay_sale
from logistics.catalog import products_by_sku, registration_for
from logistics.models import Product, Quote
from logistics.orders.models import Order, Shipment
from logistics.schemas import DocumentRequired

log = logging.getLogger("tradelane.logistics.gates")

register_replayer("order", replay_sale)
register_replayer("booking", replay_sale)


def channel_of(quote: Quote) -> str:
    """The sales channel a quote was asked for (quotes stored before channels: the marketplace)."""
    return str(quote.response.get("channel") or quote.request.get("channel") or "marketplace")


def goods_of(items: Sequence[Mapping[str, Any]], products: Mapping[str, Product]) -> list[Goods]:
    """The quote's items as the rules see them: the HS code and category given with the item, else the
    catalogue's."""
    out = []
    for item in items:
        p = products.get(str(item["sku"]))
        hs = item.get("hs_code") or (p.hs_code if p else "") or ""
        category = item.get("category") or (p.category if p else None)
        out.append(Goods(str(item["sku"]), str(hs), category))
    return out


def point_of(destination: Mapping[str, Any]) -> tuple[float, float] | None:
    point = destination.get("point")
    return (float(point[0]), float(point[1])) if point else None


def _documents_before(
    session: Session, *, context: str, subject_id: str, check: SaleCheck, then: datetime
) -> set[str]:
    """The documents the step before required: as it logged them, or (logged before documents were kept)
    as the rules in force then said."""
    logged = documents_decided(session, context=context, subject_id=subject_id)
    if logged is not None:
        return logged
    earlier = check_sale(check.country, channel=check.channel, goods=check.goods, on=then, point=check.point)
    return set(earlier.document_names())


def goods_documents(
    check: SaleCheck, registrations: Mapping[str, Sequence[Mapping[str, Any]] | None]
) -> tuple[list[DocumentRequired], list[Refusal]]:
    """The documents the goods need under the rules the check asked (each with its rule set and version, and
    the product's registration number for it), and a refusal for each one the SKU's product has no
    registration for: a sale cannot go ahead without it."""
    documents, missing = [], []
    for d in check.documents:
        number = registration_for(registrations.get(d.sku), document=d.document, country=check.country)
        documents.append(
            DocumentRequired(
                document=d.document,
                rule_set=d.rule.key,
                version=d.rule.version,
                sku=d.sku,
                registration=number,
            )
        )
        if number is None:
            reason = (
                f"{d.document} is required: the product has no {d.document} registration for {check.country}"
            )
            missing.append(Refusal("goods-restricted", reason, d.rule, sku=d.sku))
    return documents, missing


def customs_documents(landed: Sequence[Mapping[str, Any]]) -> list[DocumentRequired]:
    """The documents each shipment's landed cost found its consignment needs, by warehouse."""
    return [
        DocumentRequired(
            document=d["document"],
            rule_set=d["rule_set"],
            version=d["version"],
            warehouse=entry.get("warehouse"),
            kind=d.get("kind"),
            party=d.get("party"),
        )
        for entry in landed
        for d in entry.get("documents", ())
    ]


def record_gate(
    session: Session, *, context: str, subject_id: str, check: SaleCheck, refusals: Sequence[Refusal] = ()
) -> None:
    """Log the gate's decision under `subject_id` with the rule versions it used (simulations replay it)."""
    record_decision(
        session,
        context=context,
        subject_id=subject_id,
        topic="*",
        country=check.country,
        input=check.decision_input(),
        outcome=check.outcome(refusals),
        rules=check.rules,
    )


def gate_order(
    session: Session,
    *,
    quote: Quote,
    channel: str,
    goods: Sequence[Goods],
    now: datetime,
    registrations: Mapping[str, Sequence[Mapping[str, Any]] | None],
) -> tuple[SaleCheck, list[DocumentRequired]]:
    """Ask the rules again as the order is placed; refuse it (SaleRefused, 409) when the market closed, goods
    became blocked, a document became required since the quote, or a document is required that the product
    has no registration for. Nothing is written: the caller logs the check under the order (`record_gate`)
    once it holds its payment. Returns the check and the documents the goods need."""
    check = check_sale(
        quote.destination_country,
        channel=channel,
        goods=goods,
        on=now,
        point=point_of(quote.response.get("destination") or {}),
    )
    before = _documents_before(
        session, context="quote", subject_id=quote.id, check=check, then=quote.created_at
    )
    documents, missing = goods_documents(check, registrations)
    refusals = check.refusals_since(before)
    refusals += [m for m in missing if m not in refusals]
    if refusals:
        log.warning(
            "order refused by the rules in force",
            extra={"quote_id": quote.id, "refusals": [r.as_dict() for r in refusals]},
        )
        raise refuse(check, refusals, what=f"an order on quote {quote.id}", field="quote_id")
    return check, documents


def gate_booking(session: Session, *, shipment: Shipment, order: Order, now: datetime) -> list[Refusal]:
    """Ask the rules again before a shipment's label is booked, for the goods it carries; the decision is
    logged under the shipment either way. Returns the refusals (none: book it)."""
    skus = {str(i["sku"]) for i in shipment.items}
    quote = session.get(Quote, order.quote_id)
    quoted = [i for i in (quote.request.get("items", []) if quote else []) if i["sku"] in skus]
    products = products_by_sku(session, merchant_id=shipment.merchant_id, skus=sorted(skus))
    check = check_sale(
        order.destination_country,
        channel=order.channel,
        goods=goods_of(quoted or shipment.items, products),
        on=now,
        point=point_of(order.destination),
    )
    before = _documents_before(
        session, context="order", subject_id=order.id, check=check, then=order.created_at
    )
    refusals = check.refusals_since(before)
    record_gate(session, context="booking", subject_id=shipment.id, check=check, refusals=refusals)
    return refusals
