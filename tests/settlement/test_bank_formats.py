"""Bank statements as banks send them: camt.053 and camt.054 (ISO 20022, checked against their schemas) and
MT940 confirm payouts and fail the returned ones through `POST /v1/bank-statements`, matched by end-to-end
id; an unreadable statement is a 422 naming where; importing a statement again changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from main import cli
from settlement.errors import StatementInvalid
from settlement.payouts.statements import read_statement, sniff
from tests.conftest import Keys
from tests.settlement.test_api import _pay, problem

CAMT053 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
CAMT054 = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"


def entry(
    reference: str,
    amount: str = "72.17",
    *,
    currency: str = "USD",
    side: str = "DBIT",
    status: str = "BOOK",
    bank_ref: str = "BANK-1",
    returned: str | None = None,
) -> str:
    rtr = f"<RtrInf><Rsn><Cd>{returned}</Cd></Rsn></RtrInf>" if returned else ""
    return (
        f'<Ntry><Amt Ccy="{currency}">{amount}</Amt><CdtDbtInd>{side}</CdtDbtInd><Sts>{status}</Sts>'
        "<BookgDt><Dt>2026-11-25</Dt></BookgDt><ValDt><Dt>2026-11-25</Dt></ValDt>"
        f"<AcctSvcrRef>{bank_ref}</AcctSvcrRef><BkTxCd><Prtry><Cd>NTRF</Cd></Prtry></BkTxCd>"
        f"<NtryDtls><TxDtls><Refs><EndToEndId>{reference}</EndToEndId></Refs>{rtr}</TxDtls></NtryDtls></Ntry>"
    )


def camt(*entries: str, kind: str = "053") -> bytes:
    ns, message, report = (
        (CAMT053, "BkToCstmrStmt", "Stmt") if kind == "053" else (CAMT054, "BkToCstmrDbtCdtNtfctn", "Ntfctn")
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="{ns}"><{message}>'
        "<GrpHdr><MsgId>MSG-2026-11-25</MsgId><CreDtTm>2026-11-25T06:00:00Z</CreDtTm></GrpHdr>"
        f"<{report}><Id>RPT-1</Id><ElctrncSeqNb>1</ElctrncSeqNb><CreDtTm>2026-11-25T06:00:00Z</CreDtTm>"
        "<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>"
        f"{''.join(entries)}</{report}></{message}></Document>"
    ).encode()


def mt940(*lines: str, currency: str = "USD") -> bytes:
    body = "\n".join(lines)
    return (
        f":20:STMT-2026-11-25\n:25:DE89370400440532013000\n:28C:1/1\n:60F:C261124{currency}1000,00\n"
        f"{body}\n:62F:C261125{currency}927,83\n"
    ).encode()


# --- reading ------------------------------------------------------------------------------------------------


def test_camt_entries_become_lines_by_end_to_end_id() -> None:
    kind, rows = read_statement(
        camt(
            entry("po_A"),
            entry("po_B", "10.00", side="CRDT", bank_ref="BANK-2", returned="AC04"),
            entry("po_C", status="PDNG", bank_ref="BANK-3"),  # not booked: not yet a payment
            entry("inv_9", "99.00", side="CRDT", bank_ref="BANK-4"),  # money in, no payout's
        )
    )
    assert kind == "camt.053"
    assert [
        (r["reference"], r["amount"], r["currency"], r["status"], r.get("failure_code")) for r in rows
    ] == [
        ("po_A", "72.17", "USD", "paid", None),
        ("po_B", "10.00", "USD", "returned", "AC04"),
    ]
    assert rows[0]["line"] == "Stmt[1]/Ntry[1]/TxDtls[1]"
    kind, rows = read_statement(camt(entry("po_A"), kind="054"), media_type="application/xml")
    assert (kind, [r["reference"] for r in rows]) == ("camt.054", ["po_A"])


def test_mt940_lines_by_eref() -> None:
    kind, rows = read_statement(
        mt940(
            ":61:2611251125D72,17NTRFNONREF//BANK-1",
            ":86:/EREF/po_A/REMI/payout",
            ":61:2611251125C10,00NRTINONREF//BANK-2",
            ":86:/EREF/po_B/RTRN/AC04",
            ":61:2611251125C99,00NTRFinv9//BANK-3",
            ":86:/REMI/an invoice paid to us",
        )
    )
    assert kind == "mt940"
    assert [
        (r["reference"], r["amount"], r["currency"], r["status"], r.get("failure_code")) for r in rows
    ] == [
        ("po_A", "72.17", "USD", "paid", None),
        ("po_B", "10.00", "USD", "returned", "AC04"),
    ]
    assert sniff(b"reference,amount\n", None) == "csv"
    assert sniff(b"anything", "application/x-mt940") == "mt940"


@pytest.mark.parametrize(
    ("content", "field", "why"),
    [
        (b"<Document><unclosed>", "body", "not well-formed XML"),
        (b'<Document xmlns="urn:example"/>', "body", "not a camt.053.001.02 or camt.054.001.02"),
        (camt(entry("po_A", "72.1x")), "body/Document/BkToCstmrStmt/Stmt/Ntry/Amt", "xs:decimal"),
        (camt(entry("po_A", side="DEBIT")), "body/Document/BkToCstmrStmt/Stmt/Ntry/CdtDbtInd", "CRDT"),
        (camt(entry("po_A", currency="usd")), "body/Document/BkToCstmrStmt/Stmt/Ntry/Amt", "schema"),
        (camt(entry("po_A").replace("<Sts>BOOK</Sts>", "")), "body/Document/BkToCstmrStmt/Stmt/Ntry", "Sts"),
        (b":20:X\n:25:Y\n", "body", "not an MT940 statement"),
        (b":20:X\n:25:Y\n:61:2611251125D72,17NTRFNONREF\n", "body.statement[1]", "balance"),
    ],
)
def test_an_unreadable_statement_names_the_problem(content: bytes, field: str, why: str) -> None:
    with pytest.raises(StatementInvalid) as caught:
        read_statement(content)
    (error,) = caught.value.errors
    assert error.field == field
    assert why in error.message


# --- the endpoint -------------------------------------------------------------------------------------------


def _status(client: TestClient, keys: Keys, pid: str) -> dict[str, object]:
    body: dict[str, object] = client.get(f"/v1/payouts/{pid}", headers=keys.h(keys.merchant)).json()
    return body


def test_a_camt053_statement_confirms_a_payout_once(client: TestClient, keys: Keys) -> None:
    pid = _pay(client, keys)
    xml = keys.h(keys.admin, **{"Content-Type": "application/xml"})
    statement = camt(entry(pid))
    r = client.post("/v1/bank-statements", content=statement, headers=xml)
    assert r.status_code == 200, r.text
    assert (r.json()["format"], r.json()["lines"], r.json()["paid"], r.json()["failed"]) == (
        "camt.053",
        1,
        1,
        0,
    )
    assert _status(client, keys, pid)["status"] == "paid"
    again = client.post("/v1/bank-statements", content=statement, headers=xml).json()
    assert (again["paid"], again["duplicates"]) == (0, 1)
    assert client.get("/v1/balance", headers=keys.h(keys.merchant)).json()["available"] == [
        {"amount": "0.00", "currency": "USD"}
    ]


def test_a_camt054_return_fails_a_payout(client: TestClient, keys: Keys) -> None:
    pid = _pay(client, keys)
    xml = keys.h(keys.admin, **{"Content-Type": "application/xml"})
    returned = camt(entry(pid, side="CRDT", returned="AC04"), kind="054")
    r = client.post("/v1/bank-statements", content=returned, headers=xml).json()
    assert (r["format"], r["failed"]) == ("camt.054", 1)
    payout = _status(client, keys, pid)
    assert (payout["status"], payout["failure_code"]) == ("failed", "AC04")
    bal = client.get("/v1/balance", headers=keys.h(keys.merchant)).json()
    assert bal["available"] == [{"amount": "72.17", "currency": "USD"}]
    assert client.post("/v1/bank-statements", content=returned, headers=xml).json()["duplicates"] == 1


def test_an_mt940_statement_confirms_and_a_returned_entry_fails(client: TestClient, keys: Keys) -> None:
    pid = _pay(client, keys)
    swift = keys.h(keys.admin, **{"Content-Type": "application/x-mt940"})
    paid = mt940(":61:2611251125D72,17NTRFNONREF//BANK-1", f":86:/EREF/{pid}/REMI/payout")
    r = client.post("/v1/bank-statements", content=paid, headers=swift)
    assert r.status_code == 200, r.text
    assert (r.json()["format"], r.json()["paid"]) == ("mt940", 1)
    assert _status(client, keys, pid)["status"] == "paid"
    assert client.post("/v1/bank-statements", content=paid, headers=swift).json()["duplicates"] == 1
    wrong = mt940(":61:2611251125D72,18NTRFNONREF//BANK-9", f":86:EREF+{pid}")  # another amount
    (line,) = client.post("/v1/bank-statements", content=wrong, headers=swift).json()["unmatched"]
    assert "72.18 USD" in line["reason"]


def test_an_mt940_return_fails_a_payout(client: TestClient, keys: Keys) -> None:
    pid = _pay(client, keys)
    back = mt940(":61:2611261126RD72,17NRTINONREF//BANK-7", f":86:/EREF/{pid}/RTRN/AC01")
    r = client.post("/v1/bank-statements", content=back, headers=keys.h(keys.admin)).json()  # sniffed
    assert (r["format"], r["failed"]) == ("mt940", 1)
    payout = _status(client, keys, pid)
    assert (payout["status"], payout["failure_code"]) == ("failed", "AC01")


def test_malformed_statements_are_422_problems(client: TestClient, keys: Keys) -> None:
    pid = _pay(client, keys)
    xml = keys.h(keys.admin, **{"Content-Type": "application/xml"})
    body = problem(
        client.post("/v1/bank-statements", content=camt(entry(pid, "72.1x")), headers=xml),
        422,
        "body/Document/BkToCstmrStmt/Stmt/Ntry/Amt",
    )
    assert "camt.053 does not follow its schema" in body["detail"]
    problem(client.post("/v1/bank-statements", content=b"<Document", headers=xml), 422, "body")
    swift = keys.h(keys.admin, **{"Content-Type": "application/x-mt940"})
    problem(client.post("/v1/bank-statements", content=b":20:X\n", headers=swift), 422, "body")
    assert _status(client, keys, pid)["status"] == "in_transit"  # nothing applied
    assert (
        client.post(
            "/v1/bank-statements", content=camt(entry(pid)), headers=keys.h(keys.merchant)
        ).status_code
        == 403
    )


def test_the_cli_imports_a_statement(client: TestClient, keys: Keys, tmp_path: Path) -> None:
    pid = _pay(client, keys)
    runner = CliRunner()
    bad = tmp_path / "broken.xml"
    bad.write_bytes(camt(entry(pid, side="DEBIT")))
    refused = runner.invoke(cli, ["import-statement", str(bad)])
    assert refused.exit_code == 1
    assert "body/Document/BkToCstmrStmt/Stmt/Ntry/CdtDbtInd" in refused.output
    good = tmp_path / "statement.sta"
    good.write_bytes(mt940(":61:2611251125D72,17NTRFNONREF//BANK-1", f":86:/EREF/{pid}"))
    done = runner.invoke(cli, ["import-statement", "--format", "mt940", str(good)])
    assert done.exit_code == 0, done.output
    assert "mt940: 1 payout lines, 1 paid, 0 failed, 0 imported before, 0 unmatched" in done.output
    assert _status(client, keys, pid)["status"] == "paid"
