"""Transit history: past deliveries brought in from a marketplace (CSV or JSON lines), for the learned
delivery windows and their calibration report (`logistics.calibration`).

A record names its carrier, service, origin (a warehouse of ours or a country), destination country and
postcode, when it was handed over, when it was delivered and how it ended (`OUTCOMES`). Its `record_id` is
the id it had where it came from: importing it again changes nothing.

The file is read as a stream, row by row: each row is checked on a fast path (plain comparisons against the
carrier network's services, our warehouses and the ISO country list, no model per row) and a bad row is
reported by line and field and skipped. Good rows go to the database as they are read (PostgreSQL: `COPY`
into a temporary staging table, then one `INSERT ... SELECT ... ON CONFLICT DO NOTHING`; SQLite: batched
`INSERT OR IGNORE`), all in the caller's transaction: an import lands whole or not at all.

Then the new deliveries feed the lanes' learned transit profiles (`carriers.service.record_transit`, the way
a delivered shipment does): for each service, origin and destination country, the newest `WINDOW` new
deliveries (a lane keeps no more in play) as samples of line haul in calendar days, hand-over to delivery.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any, Literal

import psycopg.errors
import pycountry
from sqlalchemy import func, insert, select
from sqlmodel import Session, col

from carriers.network import current as carrier_network
from carriers.service import record_transit
from carriers.transit import WINDOW
from carriers.types import Destination
from core.clock import utc_now
from core.errors import FieldError
from core.limits import EARLIEST, EVENT_SKEW, MAX_JSON_DEPTH, too_deep
from logistics.errors import HistoryFormatUnsupported, HistoryHeaderInvalid, HistoryImportBusy
from logistics.models import TransitRecord, Warehouse

Format = Literal["csv", "jsonl"]
FIELDS = (
    "record_id",
    "carrier",
    "service",
    "origin_warehouse",
    "origin_country",
    "destination_country",
    "destination_postcode",
    "handed_over_at",
    "delivered_at",
    "outcome",
)
"""A record's fields: CSV header names and JSON keys."""
REQUIRED = frozenset({"record_id", "carrier", "service", "destination_country", "handed_over_at", "outcome"})
OUTCOMES = frozenset({"delivered", "returned_to_sender", "lost"})
MAX_TRANSIT_DAYS = 365
MAX_LINE_BYTES = 4096
"""A JSON line longer than this is refused (a record is a few hundred bytes)."""
MAX_REJECTS_LISTED = 1000
"""The report lists the first rejects; it counts them all."""
PROGRESS_EVERY = 10_000
"""Rows between two calls of the progress callback."""
SQLITE_BATCH = 5_000
READ_BYTES = 1 << 20
"""A CSV file is read this much at a time."""
IMPORT_STATEMENT_TIMEOUT_MS = 600_000
"""PostgreSQL's limit on one statement of an import (its COPY runs while the file is read)."""

MEDIA_TYPES: dict[str, Format] = {
    "text/csv": "csv",
    "application/csv": "csv",
    "application/x-ndjson": "jsonl",
    "application/ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl",
    "application/jsonlines": "jsonl",
}
SUFFIXES: dict[str, Format] = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
FORMATS: dict[str, Format] = {"csv": "csv", "jsonl": "jsonl"}

COLUMNS = (
    "record_id",
    "carrier",
    "service_code",
    "origin_warehouse",
    "origin_country",
    "destination_country",
    "destination_postcode",
    "handed_over_at",
    "delivered_at",
    "outcome",
    "transit_days",
)
"""A checked row's values, in this order: the table's columns but `imported_at`."""
Row = tuple[str, str, str, str | None, str, str, str | None, datetime, datetime | None, str, int | None]
_COUNTRIES = frozenset(c.alpha_2 for c in pycountry.countries)


@dataclass(frozen=True, slots=True)
class Reject:
    line: int
    field: str
    message: str


@dataclass(slots=True)
class ImportTally:
    """What an import did: rows read, new records, records known already (or repeated in the file), rows
    refused, and the first `MAX_REJECTS_LISTED` of those."""

    received: int = 0
    imported: int = 0
    duplicates: int = 0
    rejected: int = 0
    rejects: list[Reject] = field(default_factory=list)
    samples_fed: int = 0

    def refuse(self, line: int, field_name: str, message: str) -> None:
        self.rejected += 1
        if len(self.rejects) < MAX_REJECTS_LISTED:
            self.rejects.append(Reject(line, field_name, message))


def format_of_media_type(content_type: str) -> Format:
    """The format a request's `Content-Type` names; 415 for any other."""
    media = content_type.split(";", 1)[0].strip().lower()
    fmt = MEDIA_TYPES.get(media)
    if fmt is None:
        raise HistoryFormatUnsupported(
            f"send text/csv or application/x-ndjson (JSON lines), not {media or 'no content type'}",
            errors=[FieldError("content-type", "must be text/csv or application/x-ndjson")],
        )
    return fmt


def format_of_path(name: str) -> Format:
    """The format a file name's suffix names (.csv, .jsonl, .ndjson)."""
    dot = name.rfind(".")
    fmt = SUFFIXES.get(name[dot:].lower()) if dot >= 0 else None
    if fmt is None:
        raise HistoryFormatUnsupported(f"{name}: name a .csv, .jsonl or .ndjson file")
    return fmt


# --- checking a row --------------------------------------------------------------------------------------


class _Bad(Exception):
    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field_name, message


def _text(name: str, value: str | None, limit: int, *, required: bool) -> str | None:
    if not value:
        if required:
            raise _Bad(name, "is required")
        return None
    if len(value) > limit:
        raise _Bad(name, f"must be at most {limit} characters")
    if not value.isprintable():
        raise _Bad(name, "must not contain control characters")
    return value


def _time(name: str, value: str | None, latest: datetime) -> datetime:
    try:
        moment = datetime.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise _Bad(name, "must be an ISO 8601 time with a UTC offset") from None
    if moment.tzinfo is None:
        raise _Bad(name, "must carry a UTC offset (Z or +hh:mm)")
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:
        raise _Bad(name, "must be between 2000-01-01 and now") from None
    if not EARLIEST <= moment <= latest:
        raise _Bad(name, "must be between 2000-01-01 and now")
    return moment


class RowChecker:
    """Checks one record's values (in `FIELDS` order, each a string or None) into a `Row`, or raises `_Bad`
    naming the field. Built once per import from the carrier network's services and our warehouses."""

    def __init__(self, *, services: Mapping[str, str], warehouses: Mapping[str, str], now: datetime) -> None:
        self.services = services
        """Service code -> its carrier's code."""
        self.warehouses = warehouses
        """Warehouse code -> its country."""
        self.latest = now + EVENT_SKEW

    def check(self, values: Sequence[str | None]) -> Row:
        rid, carrier, service, wh, origin, dest, postcode, handed, delivered, outcome = values
        record_id = _text("record_id", rid, 80, required=True)
        owner = self.services.get(service or "")
        if owner is None:
            raise _Bad("service", f"no active service {service[:40]!r}" if service else "is required")
        if carrier != owner:
            raise _Bad("carrier", f"must be {owner!r}, the carrier of {service}")
        origin_country = self._origin(wh, origin)
        if dest not in _COUNTRIES:
            raise _Bad("destination_country", "must be an ISO 3166-1 alpha-2 code")
        postal = _text("destination_postcode", postcode, 20, required=False)
        if outcome not in OUTCOMES:
            raise _Bad("outcome", f"must be one of {', '.join(sorted(OUTCOMES))}")
        handed_at = _time("handed_over_at", handed, self.latest)
        delivered_at = days = None
        if delivered:
            delivered_at = _time("delivered_at", delivered, self.latest)
            days = (delivered_at.date() - handed_at.date()).days
            if delivered_at < handed_at:
                raise _Bad("delivered_at", "must not be before handed_over_at")
            if days > MAX_TRANSIT_DAYS:
                raise _Bad("delivered_at", f"must be within {MAX_TRANSIT_DAYS} days of handed_over_at")
        elif outcome == "delivered":
            raise _Bad("delivered_at", "is required for a delivered record")
        return (
            record_id,  # type: ignore[return-value]
            carrier,
            service,
            wh or None,
            origin_country,
            dest,
            postal,
            handed_at,
            delivered_at,
            outcome,
            days,
        )

    def _origin(self, warehouse: str | None, country: str | None) -> str:
        if warehouse:
            found = self.warehouses.get(warehouse)
            if found is None:
                raise _Bad("origin_warehouse", f"no warehouse {warehouse[:20]!r}")
            if country and country != found:
                raise _Bad("origin_country", f"must be {found}, the country of warehouse {warehouse}")
            return found
        if not country:
            raise _Bad("origin_country", "name origin_warehouse or origin_country")
        if country not in _COUNTRIES:
            raise _Bad("origin_country", "must be an ISO 3166-1 alpha-2 code")
        return country


def checker_for(session: Session, *, now: datetime | None = None) -> RowChecker:
    services = {s.code: s.carrier_code for s in carrier_network().services()}
    rows = session.connection().execute(select(col(Warehouse.code), col(Warehouse.country)))
    warehouses: dict[str, str] = dict(rows.all())  # type: ignore[arg-type]
    return RowChecker(services=services, warehouses=warehouses, now=now or utc_now())


# --- reading a file ---------------------------------------------------------------------------------------

Values = Sequence[str | None]
Parsed = Iterator[tuple[int, Values | Reject]]
"""(line, the record's values in `FIELDS` order or why the line cannot be read)"""


def _decoded(block: bytes, first: int, flagged: list[Reject]) -> list[str]:
    """The lines of `block` (split at each newline, which each keeps; the first is line `first`), decoded; a
    line too long or not UTF-8 is flagged and left empty. One decode for the whole block when all are fine."""
    lines = block.split(b"\n")
    if max(map(len, lines)) <= MAX_LINE_BYTES:
        try:
            return [line + "\n" for line in block.decode("utf-8").split("\n")]
        except UnicodeDecodeError:
            pass
    out: list[str] = []
    for number, raw in enumerate(lines, start=first):
        text = ""
        if len(raw) > MAX_LINE_BYTES:
            flagged.append(Reject(number, "line", f"is longer than {MAX_LINE_BYTES} bytes"))
        else:
            try:
                text = raw.decode("utf-8") + "\n"
            except UnicodeDecodeError:
                flagged.append(Reject(number, "line", "is not UTF-8 text"))
        out.append(text)
    return out


def _rest_of_line(stream: IO[bytes]) -> bytes:
    """Skip to the end of the current line; what was read after it."""
    while True:
        block = stream.read(READ_BYTES)
        end = block.find(b"\n")
        if not block or end >= 0:
            return block[end + 1 :] if block else b""


def _bounded_lines(stream: IO[bytes], flagged: list[Reject]) -> Iterator[str]:
    """The stream's lines, decoded, for the CSV reader: read a block at a time, so no line is ever held longer
    than `MAX_LINE_BYTES`; a longer line, or one that is not UTF-8, is flagged and given as an empty line
    (which the reader skips)."""
    number, pending = 0, b""
    while True:
        block = stream.read(READ_BYTES)
        if not block:
            if pending:
                yield from _decoded(pending, number + 1, flagged)
            return
        data = pending + block
        cut = data.rfind(b"\n")
        complete, pending = (data[:cut], data[cut + 1 :]) if cut >= 0 else (b"", data)
        if cut >= 0:
            lines = _decoded(complete, number + 1, flagged)
            number += len(lines)
            yield from lines
        if len(pending) > MAX_LINE_BYTES:  # the line begun at the end of the block is too long already
            number += 1
            flagged.append(Reject(number, "line", f"is longer than {MAX_LINE_BYTES} bytes"))
            pending = _rest_of_line(stream)
            yield ""


def _csv_header(header: list[str] | None) -> list[int | None]:
    """Where each of `FIELDS` is in a row, from the header; or a 422 naming the header."""
    if not header:
        raise HistoryHeaderInvalid.for_field("header", "the file is empty: the first line names the fields")
    names = [h.strip().lower().lstrip("\ufeff") for h in header]
    unknown = [n[:40] for n in names if n not in FIELDS]
    missing = sorted(REQUIRED - set(names))
    if unknown or missing or len(set(names)) != len(names):
        problem = (
            f"unknown fields {unknown[:5]}"
            if unknown
            else f"lacks {missing}"
            if missing
            else "names a field twice"
        )
        raise HistoryHeaderInvalid.for_field("header", f"{problem}; the fields are {', '.join(FIELDS)}")
    return [names.index(f) if f in names else None for f in FIELDS]


def _csv_rows(stream: IO[bytes]) -> Parsed:
    """CSV with a header naming the fields (in any order; absent optional fields are empty)."""
    flagged: list[Reject] = []
    reader = csv.reader(_bounded_lines(stream, flagged))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise HistoryHeaderInvalid.for_field("header", f"cannot be read: {exc}") from None
    if flagged and flagged[0].line == 1:
        raise HistoryHeaderInvalid.for_field("header", flagged[0].message)
    where = _csv_header(header)
    width = len(header or ())
    while True:
        try:
            for row in reader:
                if flagged:  # lines the reader was given empty, in their place
                    yield from _flagged_until(flagged, reader.line_num)
                if not row:
                    continue
                if len(row) != width:
                    message = f"has {len(row)} values for {width} fields"
                    yield reader.line_num, Reject(reader.line_num, "line", message)
                    continue
                yield reader.line_num, [row[i] if i is not None else None for i in where]
            break
        except csv.Error as exc:  # the reader goes on with the next line
            yield reader.line_num, Reject(reader.line_num, "line", f"cannot be read: {exc}")
    yield from _flagged_until(flagged, None)


def _flagged_until(flagged: list[Reject], line: int | None) -> Parsed:
    while flagged and (line is None or flagged[0].line <= line):
        reject = flagged.pop(0)
        yield reject.line, reject


def _json_values(line: bytes) -> Values | tuple[str, str]:
    if too_deep(line, MAX_JSON_DEPTH):
        return "line", "is nested too deeply"
    try:
        doc = json.loads(line)
    except (ValueError, RecursionError):
        return "line", "is not valid JSON"
    if not isinstance(doc, dict):
        return "line", "must be a JSON object"
    unknown = [k for k in doc if k not in FIELDS]
    if unknown:
        return str(unknown[0])[:40], "is not a field of a record"
    values: list[str | None] = []
    for name in FIELDS:
        value = doc.get(name)
        if value is not None and not isinstance(value, str):
            return name, "must be a string"
        values.append(value)
    return values


def _jsonl_rows(stream: IO[bytes]) -> Parsed:
    """One JSON object per line; blank lines are skipped."""
    number = 0
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the long line
                line = stream.readline(MAX_LINE_BYTES + 1)
            yield number, Reject(number, "line", f"is longer than {MAX_LINE_BYTES} bytes")
            continue
        if not line.strip():
            continue
        got = _json_values(line)
        if isinstance(got, tuple):
            yield number, Reject(number, got[0], got[1])
        else:
            yield number, got


def read_rows(stream: IO[bytes], fmt: Format) -> Parsed:
    return _csv_rows(stream) if fmt == "csv" else _jsonl_rows(stream)


def checked_rows(
    parsed: Parsed, checker: RowChecker, tally: ImportTally, progress: Callable[[int], None] | None = None
) -> Iterator[tuple[int, Row]]:
    """The rows that pass, with their line; the others are counted and listed in `tally`."""
    for line, got in parsed:
        tally.received += 1
        if progress is not None and tally.received % PROGRESS_EVERY == 0:
            progress(tally.received)
        if isinstance(got, Reject):
            tally.refuse(got.line, got.field, got.message)
            continue
        try:
            yield line, checker.check(got)
        except _Bad as bad:
            tally.refuse(line, bad.field, bad.message)


# --- writing ------------------------------------------------------------------------------------------------

_STAGING = "transit_history_staging"


def _write_postgres(session: Session, rows: Iterator[tuple[int, Row]], stamp: datetime) -> int:
    """COPY into a staging table dropped at commit, then one insert that skips known ids (the first line of a
    repeated id wins). The insert takes its rows in record id order, so two imports of overlapping files wait
    for each other instead of deadlocking. Returns the records inserted."""
    driver: Any = session.connection().connection.driver_connection
    names = ", ".join(COLUMNS)
    with driver.cursor() as cur:
        # the COPY lasts as long as the file takes to read and check: the usual statement limit is too short
        cur.execute(f"SET LOCAL statement_timeout = {IMPORT_STATEMENT_TIMEOUT_MS}")
        cur.execute(
            f"CREATE TEMPORARY TABLE {_STAGING} (line integer, record_id text, carrier text, "
            "service_code text, origin_warehouse text, origin_country text, destination_country text, "
            "destination_postcode text, handed_over_at timestamptz, delivered_at timestamptz, outcome text, "
            "transit_days integer) ON COMMIT DROP"
        )
        with cur.copy(f"COPY {_STAGING} (line, {names}) FROM STDIN") as copy:
            for line, row in rows:
                copy.write_row((line, *row))
        try:
            cur.execute(
                f"INSERT INTO transit_history ({names}, imported_at) "
                f"SELECT DISTINCT ON (record_id) {names}, %s FROM {_STAGING} ORDER BY record_id, line "
                "ON CONFLICT (record_id) DO NOTHING",
                (stamp,),
            )
        except psycopg.errors.OperationalError as exc:  # a deadlock, a lock or statement timeout
            raise HistoryImportBusy from exc
        inserted = int(cur.rowcount)
        cur.execute(f"DROP TABLE {_STAGING}")
    return inserted


def _write_sqlite(session: Session, rows: Iterator[tuple[int, Row]], stamp: datetime) -> int:
    statement = insert(TransitRecord.__table__).prefix_with("OR IGNORE")  # type: ignore[attr-defined]
    inserted = 0
    batch: list[dict[str, Any]] = []
    for _, row in rows:
        batch.append({**dict(zip(COLUMNS, row, strict=True)), "imported_at": stamp})
        if len(batch) >= SQLITE_BATCH:
            inserted += session.connection().execute(statement, batch).rowcount
            batch = []
    if batch:
        inserted += session.connection().execute(statement, batch).rowcount
    return inserted


def import_history(
    session: Session,
    *,
    stream: IO[bytes],
    fmt: Format,
    progress: Callable[[int], None] | None = None,
    feed_profiles: bool = True,
) -> ImportTally:
    """Import a file of past deliveries (see the module) in the session's transaction; the caller commits."""
    tally = ImportTally()
    stamp = utc_now()
    rows = checked_rows(read_rows(stream, fmt), checker_for(session, now=stamp), tally, progress)
    write = _write_postgres if session.get_bind().dialect.name == "postgresql" else _write_sqlite
    tally.imported = write(session, rows, stamp)
    tally.duplicates = tally.received - tally.rejected - tally.imported
    if feed_profiles and tally.imported:
        tally.samples_fed = feed_learned_profiles(session, stamp=stamp)
    return tally


# --- feeding the learned transit profiles ---------------------------------------------------------------


def _newest_new_deliveries(session: Session, stamp: datetime) -> list[Any]:
    """The newest WINDOW deliveries of each service, origin and destination country imported at `stamp`."""
    t = TransitRecord
    lane = (col(t.service_code), col(t.origin_country), col(t.destination_country))
    rank = (
        func.row_number()
        .over(partition_by=lane, order_by=(col(t.delivered_at).desc(), col(t.record_id).desc()))
        .label("rank")
    )
    ranked = (
        select(
            *lane,
            col(t.destination_postcode),
            col(t.handed_over_at),
            col(t.delivered_at),
            col(t.transit_days),
            rank,
        )
        .where(col(t.imported_at) == stamp, col(t.outcome) == "delivered")
        .subquery()
    )
    return list(
        session.connection().execute(
            select(ranked).where(ranked.c.rank <= WINDOW).order_by(ranked.c.delivered_at)
        )
    )


def feed_learned_profiles(session: Session, *, stamp: datetime) -> int:
    """Record the deliveries imported at `stamp` as transit samples of their lanes (service, origin, the
    zone of the rate sheet in force at hand-over): per lane its newest `WINDOW`, oldest first. Deliveries
    whose lane has no sheet or zone are left out. Returns the samples recorded."""
    network = carrier_network()
    zones: dict[tuple[str, str, str, str | None, Any], str | None] = {}
    lanes: dict[tuple[str, str, str], list[Any]] = {}
    for row in _newest_new_deliveries(session, stamp):
        day = row.handed_over_at.date()
        key = (row.service_code, row.origin_country, row.destination_country, row.destination_postcode, day)
        if key not in zones:
            sheet = network.sheet_in_force(row.service_code, origin_country=row.origin_country, on=day)
            zone = (
                sheet.zone_for(Destination(row.destination_country, row.destination_postcode))
                if sheet is not None
                else None
            )
            zones[key] = zone.code if zone is not None else None
        code = zones[key]
        if code is not None:
            lanes.setdefault((row.service_code, row.origin_country, code), []).append(row)
    fed = 0
    for (service, origin, zone_code), rows in lanes.items():
        for row in rows[-WINDOW:]:
            record_transit(
                session,
                service_code=service,
                origin_country=origin,
                destination_country=row.destination_country,
                zone=zone_code,
                line_haul_days=row.transit_days,
                clearance_days=0,
                last_mile_days=0,
                delivered_at=row.delivered_at,
            )
            fed += 1
    return fed
