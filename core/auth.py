"""API keys and roles.

A key reads `tlk_<26-char key id>_<43-char secret>`. Only the SHA-256 of the secret is stored; lookup is by
the id and the hash comparison is constant-time.

Requests authenticate with `principal_for`, which asks no database on the hot path: each process keeps the
keys it has seen (id, secret hash, role, merchant or creator) in a snapshot. Revoking a key bumps the
`api_keys` generation, so every process drops its copy within `APP_SNAPSHOT_REFRESH_MS` (the revoking one at
commit); an entry is also re-read after `APP_PRINCIPAL_CACHE_SECONDS` as a backstop. Unknown ids are never
cached.

Roles: `shop`, `merchant` (bound to one merchant), `creator` (bound to one creator), `compliance_officer`,
`admin`. No key or a bad key is 401; a role that may not is 403; another merchant's (or creator's) object is
404, so a merchant or creator cannot even learn that it exists. A creator sees no merchant's objects at all.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from core import snapshots
from core.clock import utc_now
from core.config import get_settings
from core.errors import Forbidden, InvalidInput, NotFound, Unauthenticated
from core.ids import new_id
from core.models import ApiKey, Creator, Merchant, Role
from core.pagination import PageParams, paginate

KEY_PREFIX = "tlk_"
GENERATION = "api_keys"


@dataclass(frozen=True, slots=True)
class Principal:
    actor_id: str
    """Who acts: an API key (`key_...`) or a signed-in person (`usr_...`), as audit and decision logs say."""
    role: Role
    merchant_id: str | None = None
    creator_id: str | None = None

    def require(self, *roles: Role) -> Principal:
        if self.role not in roles:
            allowed = ", ".join(r.value for r in roles)
            raise Forbidden(f"this action needs the role {allowed}; the key has {self.role.value}")
        return self

    def can_see_merchant(self, merchant_id: str | None) -> bool:
        if self.role is Role.merchant:
            return merchant_id is not None and merchant_id == self.merchant_id
        return self.role is not Role.creator

    def can_see_creator(self, creator_id: str | None) -> bool:
        """A creator sees itself; a merchant no creator (it names one in a plan or slot fee by its id)."""
        if self.role is Role.creator:
            return creator_id is not None and creator_id == self.creator_id
        return self.role is not Role.merchant

    def ensure_owns(self, merchant_id: str | None, *, what: str = "object") -> None:
        """A merchant key asking for another merchant's object gets a 404, never a 403."""
        if not self.can_see_merchant(merchant_id):
            raise NotFound(f"no such {what}")

    def merchant_scope(self, requested: str | None = None) -> str | None:
        """The merchant a list is limited to: a merchant key is always limited to its own; a creator key has
        no merchant to look at (404)."""
        if self.role is Role.creator:
            raise NotFound("no such merchant")
        if self.role is Role.merchant:
            if requested and requested != self.merchant_id:
                raise NotFound("no such merchant")
            return self.merchant_id
        return requested


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class IssuedKey:
    record: ApiKey
    secret: str
    """The full key, shown once."""


def create_api_key(
    session: Session,
    *,
    role: Role,
    merchant_id: str | None = None,
    creator_id: str | None = None,
    label: str = "",
) -> IssuedKey:
    if role is Role.merchant:
        if not merchant_id:
            raise InvalidInput.for_field("merchant", "a merchant key must name its merchant")
        if session.get(Merchant, merchant_id) is None:
            raise InvalidInput.for_field("merchant", f"no merchant {merchant_id}")
    elif merchant_id:
        raise InvalidInput.for_field("merchant", f"a {role.value} key is not bound to a merchant")
    if role is Role.creator:
        if not creator_id:
            raise InvalidInput.for_field("creator", "a creator key must name its creator")
        if session.get(Creator, creator_id) is None:
            raise InvalidInput.for_field("creator", f"no creator {creator_id}")
    elif creator_id:
        raise InvalidInput.for_field("creator", f"a {role.value} key is not bound to a creator")
    key_id = new_id("key")
    secret = secrets.token_urlsafe(32)
    record = ApiKey(
        id=key_id,
        secret_hash=_hash(secret),
        role=role.value,
        merchant_id=merchant_id,
        creator_id=creator_id,
        label=label,
    )
    session.add(record)
    session.flush()
    return IssuedKey(record=record, secret=f"{KEY_PREFIX}{key_id.removeprefix('key_')}_{secret}")


def _parse(presented: str | None) -> tuple[str | None, str]:
    """The key id (None when the token cannot hold one) and the secret part of an Authorization header."""
    if not presented:
        raise Unauthenticated("send Authorization: Bearer <api key>", headers={"WWW-Authenticate": "Bearer"})
    scheme, _, token = presented.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token.startswith(KEY_PREFIX):
        raise Unauthenticated(
            "the Authorization header must be 'Bearer <api key>'", headers={"WWW-Authenticate": "Bearer"}
        )
    key_part, sep, secret = token.removeprefix(KEY_PREFIX).partition("_")
    return (f"key_{key_part}" if sep and len(key_part) == 26 else None), secret


def _refused() -> Unauthenticated:
    return Unauthenticated(
        "the API key is not valid or has been revoked",
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


@dataclass(frozen=True, slots=True)
class _Known:
    secret_hash: str
    principal: Principal | None
    """None: revoked."""


def _check(known: _Known | None, secret: str) -> Principal:
    # Compare even when the key is unknown, so timing tells nothing about which ids exist.
    expected = known.secret_hash if known is not None else "0" * 64
    if not hmac.compare_digest(expected, _hash(secret)) or known is None or known.principal is None:
        raise _refused()
    return known.principal


def _known(record: ApiKey | None) -> _Known | None:
    if record is None:
        return None
    principal = (
        Principal(
            actor_id=record.id,
            role=Role(record.role),
            merchant_id=record.merchant_id,
            creator_id=record.creator_id,
        )
        if record.revoked_at is None
        else None
    )
    return _Known(record.secret_hash, principal)


def authenticate(session: Session, presented: str | None) -> Principal:
    """The principal behind an Authorization header, read in `session` (commands, tests, the console)."""
    key_id, secret = _parse(presented)
    return _check(_known(session.get(ApiKey, key_id) if key_id else None), secret)


_keys: snapshots.Lookup[str, _Known] = snapshots.Lookup(
    GENERATION,
    load=lambda session, key_id: _known(session.get(ApiKey, key_id)),
    max_age=lambda: get_settings().principal_cache_seconds,
)


def principal_for(presented: str | None, *, io: bool = True) -> Principal | None:
    """The principal behind an Authorization header, from this process's key cache: the request path's way.

    A miss reads the key on the background engine (never a request's pool); with `io=False` a miss answers
    None instead, so an event loop can try the cache first and go to a thread only when it must."""
    key_id, secret = _parse(presented)
    if key_id is None:
        return _check(None, secret)
    known = _keys.get(key_id, io=io)
    if known is None and not io:
        return None
    return _check(known, secret)


def list_api_keys(session: Session) -> list[ApiKey]:
    return list(session.exec(select(ApiKey).order_by(col(ApiKey.id).desc())))


def list_api_keys_page(session: Session, *, page: PageParams) -> tuple[Sequence[ApiKey], bool]:
    """One page of API keys, newest first, and whether more follow (`starting_after`: the last id seen)."""
    return paginate(session, select(ApiKey), ApiKey.id, page)


def revoke_api_key(session: Session, *, key_id: str) -> ApiKey:
    record = session.get(ApiKey, key_id)
    if record is None:
        raise NotFound(f"no API key {key_id}")
    if record.revoked_at is None:
        record.revoked_at = utc_now()
        session.add(record)
        session.flush()
        snapshots.bump(session, GENERATION, then=_keys.invalidate)
    return record
