"""Idempotency keys for POSTs that create or move anything.

`begin()` claims the (principal, key) pair in a short transaction of its own before the request's unit of
work starts; `complete()` stores the response inside the request's own transaction, so the effect and its
record commit together; `release()` frees the claim when the request fails, so a corrected retry can run.

- replay with the same body: the first status and body, with `Idempotent-Replayed: true`;
- the same key with another body (or path): 409;
- a second request while the first is still running: 409, and exactly one of them has an effect;
- a claim left by a crashed process is taken over after `STALE_AFTER`;
- records are kept `idempotency_ttl_hours`;
- an answer that shows a secret once (a new API key) is stored without it (`store_instead`): the replay
  answers with the same object and says the secret was shown once, and no secret rests in the records.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta

from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select
from starlette.requests import Request

from core.auth import Principal, principal_for
from core.clock import as_utc, utc_now
from core.config import get_settings
from core.db import unit_of_work
from core.errors import Conflict, InvalidInput
from core.metrics import IDEMPOTENT_REPLAYS
from core.models import IdempotencyRecord

HEADER = "Idempotency-Key"
STALE_AFTER = timedelta(minutes=5)
MAX_KEY_LENGTH = 255
SHOWN_ONCE = "the secret was shown once, in the first answer; issue a new one if it was lost"


class IdempotencyKeyReused(Conflict):
    slug, title = "idempotency-key-reused", "Idempotency key reused with a different request"


class IdempotentRequestInProgress(Conflict):
    slug, title = "idempotent-request-in-progress", "A request with this idempotency key is in progress"


@dataclass(frozen=True, slots=True)
class Replay:
    status_code: int
    body: bytes
    content_type: str


@dataclass(frozen=True, slots=True)
class Claim:
    principal: Principal
    record_id: int | None
    replay: Replay | None = None


def fingerprint(method: str, path: str, body: bytes) -> str:
    """Hash of the request; JSON bodies are canonicalised so key order and spacing do not matter."""
    try:
        canonical = (
            json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode() if body else b""
        )
    except (ValueError, UnicodeDecodeError, RecursionError):  # deep JSON is refused before this; kept safe
        canonical = body
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + canonical).hexdigest()


def store_instead(request: Request, stored: BaseModel) -> None:
    """Keep `stored` (the answer without its secret) as the idempotent answer of this request, in place of
    the answer sent now."""
    request.state.idempotent_body = stored.model_dump_json().encode()


def stored_body(request: Request, sent: bytes) -> bytes:
    """What to keep for a replay of this request's answer `sent`."""
    stored: bytes | None = getattr(request.state, "idempotent_body", None)
    return sent if stored is None else stored


def check_key(key: str) -> str:
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise InvalidInput.for_field(HEADER, f"must be 1 to {MAX_KEY_LENGTH} printable characters")
    return key


def begin(*, authorization: str | None, key: str, method: str, path: str, body: bytes) -> Claim:
    """Authenticate and claim `key` for this principal, or say how to answer instead."""
    check_key(key)
    digest = fingerprint(method, path, body)
    principal = principal_for(authorization)
    assert principal is not None  # with io it answers or raises
    for _ in range(3):
        with unit_of_work() as session:
            outcome = _claim(session, principal, key=key, digest=digest, method=method, path=path)
        if outcome is not None:
            return outcome
    raise IdempotentRequestInProgress("the idempotency key is contended; retry shortly")


def _claim(
    session: Session, principal: Principal, *, key: str, digest: str, method: str, path: str
) -> Claim | None:
    now = utc_now()
    existing = session.exec(
        select(IdempotencyRecord).where(
            IdempotencyRecord.principal == principal.actor_id, IdempotencyRecord.key == key
        )
    ).first()
    if existing is not None:
        expired = as_utc(existing.created_at) < now - timedelta(hours=get_settings().idempotency_ttl_hours)
        stale = existing.status_code is None and (
            existing.locked_at is None or as_utc(existing.locked_at) < now - STALE_AFTER
        )
        if expired or stale:
            session.delete(existing)
            session.flush()
        elif existing.request_hash != digest:
            raise IdempotencyKeyReused(f"the key {key!r} was first used for a different request")
        elif existing.status_code is None:
            raise IdempotentRequestInProgress(
                f"a request with the key {key!r} is still running; retry shortly"
            )
        else:
            IDEMPOTENT_REPLAYS.inc()
            return Claim(
                principal,
                None,
                Replay(
                    existing.status_code,
                    existing.response_body or b"",
                    existing.content_type or "application/json",
                ),
            )
    record = IdempotencyRecord(
        principal=principal.actor_id,
        key=key,
        request_hash=digest,
        method=method,
        path=path,
        created_at=now,
        locked_at=now,
    )
    try:
        with session.begin_nested():
            session.add(record)
    except IntegrityError:
        return None  # another request claimed it between our read and insert: look again
    return Claim(principal, record.id)


def complete(session: Session, record_id: int, *, status_code: int, body: bytes, content_type: str) -> None:
    record = session.get(IdempotencyRecord, record_id)
    if record is None:  # pragma: no cover - the claim is ours until released
        return
    record.status_code, record.response_body, record.content_type = status_code, body, content_type
    record.locked_at = None
    session.add(record)


def release(record_id: int) -> None:
    with unit_of_work() as session:
        session.exec(
            delete(IdempotencyRecord).where(  # type: ignore[call-overload]
                col(IdempotencyRecord.id) == record_id, col(IdempotencyRecord.status_code).is_(None)
            )
        )


def purge_expired(session: Session) -> int:
    cutoff = utc_now() - timedelta(hours=get_settings().idempotency_ttl_hours)
    result = session.exec(
        delete(IdempotencyRecord).where(  # type: ignore[call-overload]
            col(IdempotencyRecord.created_at) < cutoff
        )
    )
    return int(result.rowcount or 0)
