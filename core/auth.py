"""API keys and roles.

A key reads `tlk_<26-char key id>_<43-char secret>`. Only the SHA-256 of the secret is stored; lookup is by
the id and the hash comparison is constant-time. Roles: `shop`, `merchant` (bound to one merchant),
`compliance_officer`, `admin`. No key or a bad key is 401; a role that may not is 403; another merchant's
object is 404, so a merchant cannot even learn that it exists.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from core.clock import utc_now
from core.errors import Forbidden, InvalidInput, NotFound, Unauthenticated
from core.ids import new_id
from core.models import ApiKey, Merchant, Role
from core.pagination import PageParams, paginate

KEY_PREFIX = "tlk_"


@dataclass(frozen=True, slots=True)
class Principal:
    actor_id: str
    """Who acts: an API key (`key_...`) or a signed-in person (`usr_...`), as audit and decision logs say."""
    role: Role
    merchant_id: str | None = None

    def require(self, *roles: Role) -> Principal:
        if self.role not in roles:
            allowed = ", ".join(r.value for r in roles)
            raise Forbidden(f"this action needs the role {allowed}; the key has {self.role.value}")
        return self

    def can_see_merchant(self, merchant_id: str | None) -> bool:
        if self.role is Role.merchant:
            return merchant_id is not None and merchant_id == self.merchant_id
        return True

    def ensure_owns(self, merchant_id: str | None, *, what: str = "object") -> None:
        """A merchant key asking for another merchant's object gets a 404, never a 403."""
        if not self.can_see_merchant(merchant_id):
            raise NotFound(f"no such {what}")

    def merchant_scope(self, requested: str | None = None) -> str | None:
        """The merchant a list is limited to: a merchant key is always limited to its own."""
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
    session: Session, *, role: Role, merchant_id: str | None = None, label: str = ""
) -> IssuedKey:
    if role is Role.merchant:
        if not merchant_id:
            raise InvalidInput.for_field("merchant", "a merchant key must name its merchant")
        if session.get(Merchant, merchant_id) is None:
            raise InvalidInput.for_field("merchant", f"no merchant {merchant_id}")
    elif merchant_id:
        raise InvalidInput.for_field("merchant", f"a {role.value} key is not bound to a merchant")
    key_id = new_id("key")
    secret = secrets.token_urlsafe(32)
    record = ApiKey(
        id=key_id, secret_hash=_hash(secret), role=role.value, merchant_id=merchant_id, label=label
    )
    session.add(record)
    session.flush()
    return IssuedKey(record=record, secret=f"{KEY_PREFIX}{key_id.removeprefix('key_')}_{secret}")


def authenticate(session: Session, presented: str | None) -> Principal:
    if not presented:
        raise Unauthenticated("send Authorization: Bearer <api key>", headers={"WWW-Authenticate": "Bearer"})
    scheme, _, token = presented.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token.startswith(KEY_PREFIX):
        raise Unauthenticated(
            "the Authorization header must be 'Bearer <api key>'", headers={"WWW-Authenticate": "Bearer"}
        )
    body = token.removeprefix(KEY_PREFIX)
    key_part, sep, secret = body.partition("_")
    record = session.get(ApiKey, f"key_{key_part}") if sep and len(key_part) == 26 else None
    # Compare even when the key is unknown, so timing tells nothing about which ids exist.
    expected = record.secret_hash if record is not None else "0" * 64
    if not hmac.compare_digest(expected, _hash(secret)) or record is None or record.revoked_at is not None:
        raise Unauthenticated(
            "the API key is not valid or has been revoked",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return Principal(actor_id=record.id, role=Role(record.role), merchant_id=record.merchant_id)


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
    return record
