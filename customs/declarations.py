"""Customs declaration data for a shipment: the CN22/CN23 fields and the identifiers the destination asks for.

`build_declaration` is what the shipments code calls (it gathers the documents rows in force and the FX
rates); `assemble_declaration` is the pure part. The form is CN22 up to the SDR 300-equivalent (rule of thumb
USD 400, converted on the day) and CN23 above, as the `documents` rule data says; the destination's own
rows add identifiers (IOSS, EORI, UK VAT number, recipient tax id...) and requirements (formal entry...). A
required identifier that was not given is listed in `missing`; a malformed IOSS or EORI number is refused.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Literal

from sqlmodel import Session

from compliance.evaluation import rows_in_force
from compliance.topics.customs.engine import Consignment, DocumentRow, required_documents
from core.clock import utc_now
from core.errors import FieldError
from core.merchants import validate_country
from core.money import Money, MoneyModel
from customs.errors import DeclarationInvalid, NoCustomsRules
from customs.landed_cost import Rate, RuleRow
from customs.schemas import ContentType, Declaration, DeclarationItem, DeclaredIdentifier, DeclaredLine
from customs.service import Rates

FORMATS = {
    "IOSS": (re.compile(r"^IM\d{10}$"), "IM followed by 10 digits"),
    "EORI": (
        re.compile(r"^[A-Z]{2}[A-Z0-9]{1,15}$"),
        "a country code followed by up to 15 letters or digits",
    ),
}
VAGUE = {"gift", "gifts", "goods", "merchandise", "item", "items", "stuff", "sample", "samples", "various",
         "misc", "miscellaneous", "accessories", "parts", "products", "clothes", "clothing"}  # fmt: skip


def _m(money: Money) -> MoneyModel:
    return MoneyModel.of(money)


def assemble_declaration(
    *,
    rows: Sequence[RuleRow],
    rate: Rate,
    destination: str,
    origin_country: str,
    items: Sequence[DeclarationItem],
    content_type: ContentType = "sale_of_goods",
    shipping: Money | None = None,
    collection: Literal["checkout", "border"] | None = None,
    identifiers: Mapping[str, str] | None = None,
    channel: Literal["courier", "post"] = "post",
) -> Declaration:
    """The declaration from the documents rows in force; pure."""
    problems: list[FieldError] = []
    for field, value in (("destination", destination), ("origin_country", origin_country)):
        try:
            validate_country(value)
        except ValueError as exc:
            problems.append(FieldError(field, str(exc)))
    if not items:
        problems.append(FieldError("items", "a declaration lists at least one item"))
    currency = items[0].unit_value.currency if items else "USD"
    for i, it in enumerate(items):
        if it.unit_value.currency != currency:
            problems.append(FieldError(f"items.{i}.unit_value.currency", f"declare every item in {currency}"))
    if shipping is not None and shipping.currency != currency:
        problems.append(FieldError("shipping.currency", f"declare the postage in {currency}"))
    given = dict(identifiers or {})
    for name, value in given.items():
        pattern = FORMATS.get(name)
        if pattern is not None and not pattern[0].match(value):
            problems.append(FieldError(f"identifiers.{name}", f"an {name} number is {pattern[1]}"))
    if problems:
        raise DeclarationInvalid(problems[0].message, errors=problems)

    lines = [
        DeclaredLine(
            description=it.description,
            hs_code=it.hs_code,
            origin_country=it.origin_country,
            quantity=it.quantity,
            net_weight_g=it.unit_weight_g * it.quantity,
            value=_m(it.unit_value.to_money() * it.quantity),
        )
        for it in items
    ]
    total = sum((ln.value.to_money() for ln in lines), Money.zero(currency))
    refs = {id(r.row): r for r in rows}

    def convert(amount: Decimal, other: str) -> Decimal:
        return amount * rate(other, currency)

    consignment = Consignment(
        country=destination,
        origin=origin_country,
        currency=currency,
        goods=total.amount,
        shipping=Decimal(0) if shipping is None else shipping.amount,
        convert=convert,
        goods_origins=frozenset(it.origin_country for it in items),
        channel=channel,
    )
    document_rows: list[DocumentRow] = [r.row for r in rows]
    docs = required_documents(document_rows, consignment, collection=collection)
    forms = [d.document for d in docs if d.kind == "form" and d.document in ("CN22", "CN23")]
    if not forms:
        raise NoCustomsRules.for_field("on", "no CN22/CN23 rule is in force on that date")
    declared = [
        DeclaredIdentifier(document=d.document, party=d.party, value=given.get(d.document), note=d.note)
        for d in docs
        if d.kind == "identifier"
    ]
    warnings = [
        f"items.{i}.description: {it.description!r} is too vague for customs; say what the goods are"
        for i, it in enumerate(items)
        if it.description.lower().strip(" .") in VAGUE
    ]
    if forms[0] == "CN22" and len(items) > 3:
        warnings.append("a CN22 has room for 3 item lines; attach a list or use a CN23")
    return Declaration(
        form="CN22" if forms[0] == "CN22" else "CN23",
        content_type=content_type,
        destination=destination,
        origin_country=origin_country,
        items=lines,
        total_value=_m(total),
        total_net_weight_g=sum(ln.net_weight_g for ln in lines),
        shipping=None if shipping is None else _m(shipping),
        identifiers=declared,
        requirements=[
            d.document for d in docs if d.kind != "identifier" and d.document not in ("CN22", "CN23")
        ],
        missing=[d.document for d in declared if d.value is None],
        warnings=warnings,
        rules=list(dict.fromkeys(f"{refs[id(d)].key}@{refs[id(d)].version}" for d in docs)),
    )


def build_declaration(
    session: Session,
    *,
    destination: str,
    origin_country: str,
    items: Sequence[DeclarationItem],
    content_type: ContentType = "sale_of_goods",
    shipping: Money | None = None,
    collection: Literal["checkout", "border"] | None = None,
    identifiers: Mapping[str, str] | None = None,
    channel: Literal["courier", "post"] = "post",
    on: date | None = None,
) -> Declaration:
    """The customs declaration of a shipment, from the documents rules in force on `on` (today).

    `collection` is the landed cost's answer (checkout under IOSS-style regimes): it decides whether the
    seller's scheme number (IOSS, UK VAT, ABN/ARN, OVR, LVG) is required. `identifiers` maps a document name
    (`IOSS`, `EORI`, `CPF or CNPJ`, ...) to its number.
    """
    day = on or utc_now().date()
    in_force = rows_in_force("documents", country=destination, on=day)
    rows = [RuleRow(r.rule.key, r.rule.version, r.row) for r in in_force.rows]
    currency = items[0].unit_value.currency if items else "USD"
    rates = Rates(session, day, {currency: "items.0.unit_value.currency"})
    return assemble_declaration(
        rows=rows,
        rate=rates,
        destination=destination,
        origin_country=origin_country,
        items=items,
        content_type=content_type,
        shipping=shipping,
        collection=collection,
        identifiers=identifiers,
        channel=channel,
    )
