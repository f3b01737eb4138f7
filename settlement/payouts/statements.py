"""Bank statements in the formats banks send, read into the lines `import_statement` applies.

- **CSV**, the project's own: `reference,amount,currency,status[,failure_code]`.
- **camt.053 / camt.054** (ISO 20022 `BankToCustomerStatement` / `BankToCustomerDebitCreditNotification`,
  version 001.02), validated with xmlschema against the schemas in `schemas/` before anything is read: a
  booked debit is a payout paid; a booked credit that is a reversal (`RvslInd`) or carries return information
  (`RtrInf`) is a payout returned, its reason code (`AC04`, ...) the failure code. Each transaction is matched
  by its `EndToEndId` (the payout id sent as the SEPA end-to-end id), else the entry's `AcctSvcrRef`.
- **MT940** (SWIFT customer statement, read with the `mt-940` package): a `:61:` debit is a payout paid; a
  reversed debit (`RD`) or a credit of a returned item (`NRTI`, or `RTRN` in `:86:`) is a payout returned.
  The reference is the end-to-end id in `:86:` (`EREF+...` or `/EREF/...`), else the `:61:` customer
  reference (16 characters at most, too short for a payout id: the provider reference matches it).

Pending and information-only entries, and credits that are not returns, are not payouts' and are left out.
Each line keeps what identifies its entry, so importing the same file again changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal
from xml.etree import ElementTree

import mt940
import xmlschema

from settlement.errors import StatementInvalid

Format = Literal["csv", "camt.053", "camt.054", "mt940"]
FORMATS: tuple[Format, ...] = ("csv", "camt.053", "camt.054", "mt940")
SCHEMAS = Path(__file__).parent / "schemas"
CAMT: dict[str, tuple[Format, str, str, str]] = {
    "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02": (
        "camt.053",
        "camt.053.001.02.xsd",
        "BkToCstmrStmt",
        "Stmt",
    ),
    "urn:iso:std:iso:20022:tech:xsd:camt.054.001.02": (
        "camt.054",
        "camt.054.001.02.xsd",
        "BkToCstmrDbtCdtNtfctn",
        "Ntfctn",
    ),
}
MEDIA_TYPES: dict[str, Format] = {
    "text/csv": "csv",
    "application/xml": "camt.053",
    "text/xml": "camt.053",
    "application/x-mt940": "mt940",
    "text/x-mt940": "mt940",
}
"""Content types the statement endpoint reads (an XML body is camt.053 or camt.054 by its namespace)."""

Row = dict[str, str]


@lru_cache(maxsize=4)
def _schema(name: str) -> xmlschema.XMLSchema11:
    return xmlschema.XMLSchema11(str(SCHEMAS / name))


def sniff(content: bytes, media_type: str | None) -> Format:
    """The format of a statement: by its content type, else by its first characters."""
    kind = MEDIA_TYPES.get((media_type or "").split(";")[0].strip().lower())
    if kind is not None:
        return kind
    head = content.lstrip(b"\xef\xbb\xbf \r\n\t")[:8]
    if head.startswith(b"<"):
        return "camt.053"
    if head.startswith((b":20:", b"{1:", b":940:")):
        return "mt940"
    return "csv"


def read_statement(content: bytes, *, media_type: str | None = None) -> tuple[Format, list[Row]]:
    """The statement's format and its lines, each with `line`, `reference`, `amount`, `currency`, `status`
    and, for a failure, `failure_code`. StatementInvalid (422) names what is wrong."""
    kind = sniff(content, media_type)
    if kind == "csv":
        return kind, read_csv(_text(content, "CSV"))
    if kind == "mt940":
        return kind, read_mt940(_text(content, "MT940"))
    return read_camt(content)


def _text(content: bytes, kind: str) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StatementInvalid.for_field("body", f"the statement must be UTF-8 {kind}") from None


# --- CSV -------------------------------------------------------------------------------------------------


def read_csv(content: str) -> list[Row]:
    reader = csv.DictReader(io.StringIO(content))
    need = {"reference", "amount", "currency", "status"}
    if reader.fieldnames is None or not need <= {f.strip() for f in reader.fieldnames}:
        raise StatementInvalid.for_field("body", f"the CSV header must include {', '.join(sorted(need))}")
    rows = []
    for n, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        rows.append({**row, "line": str(n)})
    return rows


# --- camt.053 / camt.054 --------------------------------------------------------------------------------


def read_camt(content: bytes) -> tuple[Format, list[Row]]:
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError as exc:
        raise StatementInvalid.for_field("body", f"not well-formed XML: {exc}") from None
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    known = CAMT.get(namespace)
    if known is None or root.tag != f"{{{namespace}}}Document":
        raise StatementInvalid.for_field(
            "body",
            f"not a camt.053.001.02 or camt.054.001.02 Document (root {root.tag!r}); the XML formats "
            "read are " + ", ".join(sorted(CAMT)),
        )
    kind, schema, message, report = known
    error = next(iter(_schema(schema).iter_errors(root)), None)
    if error is not None:
        raise StatementInvalid.for_field(
            "body" + re.sub(r"\{[^}]*\}", "", error.path or ""),
            f"{kind} does not follow its schema: {error.reason}",
        )
    ns = {"c": namespace}
    rows: list[Row] = []
    for r, stmt in enumerate(root.iterfind(f"c:{message}/c:{report}", ns), start=1):
        stmt_id = stmt.findtext("c:Id", "", ns)
        for e, entry in enumerate(stmt.iterfind("c:Ntry", ns), start=1):
            rows.extend(_camt_entry(entry, ns, where=f"{report}[{r}]/Ntry[{e}]", stmt_id=stmt_id))
    return kind, rows


def _camt_entry(entry: ElementTree.Element, ns: dict[str, str], *, where: str, stmt_id: str) -> Iterator[Row]:
    if entry.findtext("c:Sts", "", ns) != "BOOK":
        return
    debit = entry.findtext("c:CdtDbtInd", "", ns) == "DBIT"
    reversal = entry.findtext("c:RvslInd", "false", ns).strip() in ("true", "1")
    transactions = entry.findall("c:NtryDtls/c:TxDtls", ns)
    returned = any(tx.find("c:RtrInf", ns) is not None for tx in transactions)
    if debit and not reversal:
        status = "paid"
    elif not debit and (reversal or returned):
        status = "returned"
    else:
        return  # money in that is no payout's, or the reversal of one
    entry_amount = entry.find("c:Amt", ns)
    entry_ref = entry.findtext("c:AcctSvcrRef", "", ns) or entry.findtext("c:NtryRef", "", ns)
    for t, tx in enumerate(transactions or [None], start=1):
        amount = entry_amount
        reference = entry_ref
        code = ""
        if tx is not None:
            reference = tx.findtext("c:Refs/c:EndToEndId", "", ns) or reference
            if len(transactions) > 1:  # a batch booking: each transaction's own amount
                amount = tx.find("c:AmtDtls/c:TxAmt/c:Amt", ns) or tx.find("c:AmtDtls/c:InstdAmt/c:Amt", ns)
            code = tx.findtext("c:RtrInf/c:Rsn/c:Cd", "", ns) or tx.findtext("c:RtrInf/c:Rsn/c:Prtry", "", ns)
        if amount is None:
            raise StatementInvalid.for_field(
                f"body/{where}/NtryDtls/TxDtls[{t}]/AmtDtls",
                "a batch booking names each transaction's amount",
            )
        row = {
            "line": f"{where}/TxDtls[{t}]" if tx is not None else where,
            "statement": stmt_id,
            "entry": entry_ref,
            "reference": reference,
            "amount": (amount.text or "").strip(),
            "currency": amount.get("Ccy", ""),
            "status": status,
        }
        if status == "returned":
            row["failure_code"] = code or "bank_returned"
        yield row


# --- MT940 ------------------------------------------------------------------------------------------------

_EREF = re.compile(r"(?:EREF\+|/EREF/)\s*([^/?\s]+)")
_RETURN_CODE = re.compile(r"(?:RTRN\+|/RTRN/)\s*([A-Z0-9]{2,4})")


def read_mt940(content: str) -> list[Row]:
    if ":20:" not in content or (":61:" not in content and ":62F:" not in content):
        raise StatementInvalid.for_field(
            "body", "not an MT940 statement: it needs :20:, :25:, :60F: and :62F:"
        )
    try:
        statements = mt940.parse_statements(content)
    except Exception as exc:  # the parser raises what its tag processors raise: ValueError, KeyError, ...
        raise StatementInvalid.for_field("body", f"MT940 not readable: {type(exc).__name__}: {exc}") from None
    rows: list[Row] = []
    for s, statement in enumerate(statements, start=1):
        if (
            statement.data.get("final_opening_balance") is None
            and statement.data.get("final_closing_balance") is None
        ):
            raise StatementInvalid.for_field(
                f"body.statement[{s}]", "MT940 statement without a :60F: or :62F: balance"
            )
        for t, tx in enumerate(statement, start=1):
            row = _mt940_row(tx.data, s, t)
            if row is not None:
                rows.append(row)
    return rows


def _mt940_row(data: dict[str, object], s: int, t: int) -> Row | None:
    where = f"statement[{s}]/:61:[{t}]"
    money = data.get("amount")
    amount = getattr(money, "amount", None)
    currency = getattr(money, "currency", None) or data.get("currency")
    if not isinstance(amount, Decimal) or not isinstance(currency, str):
        raise StatementInvalid.for_field(f"body.{where}", "a :61: line without an amount and a currency")
    status, details = str(data.get("status") or ""), str(data.get("transaction_details") or "")
    code = _RETURN_CODE.search(details)
    if status == "D":
        outcome = "paid"
    elif status == "RD" or (status == "C" and (data.get("id") == "NRTI" or code is not None)):
        outcome = "returned"
    else:
        return None
    eref = _EREF.search(details)
    customer = str(data.get("customer_reference") or "")
    row = {
        "line": where,
        "statement": str(data.get("transaction_reference") or ""),
        "entry": str(data.get("bank_reference") or ""),
        "date": str(data.get("date") or ""),
        "reference": eref.group(1) if eref else ("" if customer == "NONREF" else customer),
        "amount": format(abs(amount), "f"),
        "currency": currency,
        "status": outcome,
    }
    if outcome == "returned":
        row["failure_code"] = code.group(1) if code else "bank_returned"
    return row
