"""Bank transfers outside SEPA as ISO 20022 `pain.001.001.09` (CustomerCreditTransferInitiationV09).

sepaxml writes SEPA files only (its transfers carry the `SEPA` service level), so payouts in another currency,
or in euros to an account without an IBAN, are written here: one file per batch and currency, one payment
information block, one transaction per payout whose end-to-end id is the payout id. The amount is a decimal
in the currency's ISO 4217 minor unit (JPY whole yen, KWD fils), which every currency allows (the message
takes up to five decimals). The payee's account is its IBAN, else its account number (`Othr/Id`); its bank
is its BIC, else the bank code as a clearing-system member id. Each file is validated against the official
`pain.001.001.09` schema shipped with sepaxml before it is written (lxml's validator, in C: a run writes
hundreds of files).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import sepaxml  # type: ignore[import-untyped]
from lxml import etree
from schwifty import BIC
from schwifty.exceptions import SchwiftyException

from core.money import Money

if TYPE_CHECKING:
    from settlement.providers import PayoutInstruction

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"


SCHEMAS = Path(sepaxml.__file__).parent / "schemas"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
"""Our own documents only, but parsed as untrusted ones are: no entities, no network."""


@lru_cache(maxsize=4)
def schema(name: str = "pain.001.001.09") -> etree.XMLSchema:
    """An official schema shipped with sepaxml (`pain.001.001.09`, `pain.001.001.03`), loaded once."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / f"{name}.xsd"), _PARSER))


def validate(data: bytes, name: str = "pain.001.001.09") -> None:
    """Raise `lxml.etree.DocumentInvalid` (naming the first error) unless `data` is a valid `name`
    document."""
    schema(name).assertValid(etree.fromstring(data, _PARSER))


_Q = f"{{{NAMESPACE}}}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    node = etree.SubElement(parent, _Q + tag, attrs)
    if text is not None:
        node.text = text
    return node


def _is_bic(value: str) -> bool:
    try:
        BIC(value)
    except SchwiftyException:
        return False
    return True


def _agent(parent: etree._Element, tag: str, *, bic: str | None, bank_code: str | None) -> None:
    if bic or (bank_code and _is_bic(bank_code)):
        _sub(_sub(_sub(parent, tag), "FinInstnId"), "BICFI", bic or bank_code)
    elif bank_code:
        member = _sub(_sub(_sub(parent, tag), "FinInstnId"), "ClrSysMmbId")
        _sub(member, "MmbId", bank_code[:35])


def _account(parent: etree._Element, tag: str, *, iban: str | None, number: str | None) -> None:
    ident = _sub(_sub(parent, tag), "Id")
    if iban:
        _sub(ident, "IBAN", iban)
    else:
        _sub(_sub(ident, "Othr"), "Id", (number or "")[:34])


def credit_transfer(
    batch_id: str,
    currency: str,
    items: Sequence[PayoutInstruction],
    execution: date,
    *,
    debtor: dict[str, str],
    created_at: datetime | None = None,
) -> bytes:
    """The batch's payouts in `currency` as a validated pain.001.001.09 document."""
    amounts = [Money.from_minor(p.amount_minor, currency).amount for p in items]
    total = format(sum(amounts, Decimal(0)), "f")
    root = etree.Element(_Q + "Document", nsmap={None: NAMESPACE})  # type: ignore[dict-item]
    initiation = _sub(root, "CstmrCdtTrfInitn")
    header = _sub(initiation, "GrpHdr")
    _sub(header, "MsgId", f"{batch_id}-{currency}"[:35])
    _sub(header, "CreDtTm", (created_at or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%S"))
    _sub(header, "NbOfTxs", str(len(items)))
    _sub(header, "CtrlSum", total)
    _sub(_sub(header, "InitgPty"), "Nm", debtor["name"][:140])
    info = _sub(initiation, "PmtInf")
    _sub(info, "PmtInfId", f"{batch_id}-{currency}"[:35])
    _sub(info, "PmtMtd", "TRF")
    _sub(info, "BtchBookg", "false")  # one debit per payout: each can be matched on the statement
    _sub(info, "NbOfTxs", str(len(items)))
    _sub(info, "CtrlSum", total)
    _sub(_sub(info, "ReqdExctnDt"), "Dt", execution.isoformat())
    _sub(_sub(info, "Dbtr"), "Nm", debtor["name"][:140])
    _account(info, "DbtrAcct", iban=debtor["IBAN"], number=None)
    _agent(info, "DbtrAgt", bic=debtor["BIC"], bank_code=None)
    _sub(info, "ChrgBr", "SHAR")
    for p, amount in zip(items, amounts, strict=True):
        tx = _sub(info, "CdtTrfTxInf")
        _sub(_sub(tx, "PmtId"), "EndToEndId", p.payout_id[:35])
        _sub(_sub(tx, "Amt"), "InstdAmt", format(amount, "f"), Ccy=currency)
        _agent(tx, "CdtrAgt", bic=p.bic, bank_code=p.bank_code)
        _sub(_sub(tx, "Cdtr"), "Nm", p.account_holder[:140])
        _account(tx, "CdtrAcct", iban=p.iban, number=p.account_number)
        _sub(_sub(tx, "RmtInf"), "Ustrd", f"Tradelane payout {p.payout_id}"[:140])
    schema().assertValid(root)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)
