"""People: console users, their passwords, sign-in sessions and the form tokens that keep forms CSRF-safe.

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's second recommended profile). A session
is a random 256-bit token in an HttpOnly, SameSite=Lax cookie; only its SHA-256 is stored, so a database read
does not hand out sessions. Failed sign-ins are counted per address and per client over a sliding window and
paused past a limit. A signed-in person acts through a `Principal` exactly as an API key does, with the user's
id (`usr_...`) as the actor the audit log records.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, col, func, select

from core.auth import Principal
from core.clock import utc_now
from core.config import get_settings
from core.db import lock_name
from core.errors import Conflict, InvalidInput, NotFound, TooManyRequests
from core.ids import new_id
from core.models import Merchant, Role, SignInAttempt, SignInSession, User

COOKIE = "tradelane_session"
FAILURE_WINDOW = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()  # argon2id
# Verified when the address is unknown, so the answer takes as long as for a real person.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def use_hasher(hasher: PasswordHasher) -> None:
    """Swap the argon2id parameters (tests use a cheap profile; production keeps the defaults)."""
    global _hasher, _DUMMY_HASH
    _hasher = hasher
    _DUMMY_HASH = hasher.hash(secrets.token_urlsafe(16))


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def normalise_email(raw: str) -> str:
    email = raw.strip().lower()
    local, at, domain = email.partition("@")
    if not at or not local or "." not in domain or len(email) > 254 or any(c.isspace() for c in email):
        raise InvalidInput.for_field("email", "enter an e-mail address such as ana@example.com")
    return email


def principal_for(user: User) -> Principal:
    return Principal(actor_id=user.id, role=Role(user.role), merchant_id=user.merchant_id)


# --- accounts --------------------------------------------------------------------------------------


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    role: Role,
    merchant_id: str | None = None,
    display_name: str = "",
    created_by: str = "",
) -> User:
    address = normalise_email(email)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput.for_field("password", f"use at least {MIN_PASSWORD_LENGTH} characters")
    if role is Role.shop:
        raise InvalidInput.for_field("role", "a shop is a program: give it an API key, not a user")
    if role is Role.creator:
        raise InvalidInput.for_field("role", "creators use API keys; the console has no creator pages yet")
    if role is Role.merchant:
        if not merchant_id:
            raise InvalidInput.for_field("merchant", "a merchant user must name its merchant")
        if session.get(Merchant, merchant_id) is None:
            raise InvalidInput.for_field("merchant", f"no merchant {merchant_id}")
    elif merchant_id:
        raise InvalidInput.for_field("merchant", f"a {role.value} is not bound to a merchant")
    if session.exec(select(User.id).where(User.email == address)).first() is not None:
        raise Conflict(f"a user with the e-mail {address} already exists")
    user = User(
        id=new_id("usr"),
        email=address,
        display_name=display_name.strip() or address.split("@")[0],
        password_hash=_hasher.hash(password),
        role=role.value,
        merchant_id=merchant_id,
        created_by=created_by,
    )
    session.add(user)
    session.flush()
    return user


def list_users(session: Session, *, offset: int = 0, limit: int = 50) -> tuple[list[User], int]:
    total = session.exec(select(func.count()).select_from(User)).one()
    rows = session.exec(select(User).order_by(col(User.email)).offset(offset).limit(limit)).all()
    return list(rows), int(total)


def disable_user(session: Session, *, user_id: str) -> User:
    """Disable a person and end their sessions at once."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user {user_id}")
    now = utc_now()
    if user.disabled_at is None:
        user.disabled_at = now
        session.add(user)
    for s in session.exec(
        select(SignInSession).where(SignInSession.user_id == user_id, col(SignInSession.ended_at).is_(None))
    ):
        s.ended_at = now
        session.add(s)
    session.flush()
    return user


def user_by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == normalise_email(email))).first()


def names_of(session: Session, actor_ids: set[str]) -> dict[str, str]:
    """`usr_...` ids to the people's e-mail addresses, for audit views; other actors are left out."""
    people = [a for a in actor_ids if a.startswith("usr_")]
    if not people:
        return {}
    return {u.id: u.email for u in session.exec(select(User).where(col(User.id).in_(people)))}


# --- sign-in ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SignedIn:
    user: User
    token: str
    """The cookie value, known only to the browser."""
    expires_in_seconds: int


def _recent_failures(session: Session, column: object, value: str) -> int:
    since = utc_now() - FAILURE_WINDOW
    return int(
        session.exec(
            select(func.count())
            .select_from(SignInAttempt)
            .where(column == value, SignInAttempt.attempted_at >= since, SignInAttempt.succeeded == False)  # noqa: E712
        ).one()
    )


def sign_in(
    session: Session, *, email: str, password: str, client_ip: str = "", user_agent: str = ""
) -> SignedIn | None:
    """Check the password and open a session; None when the address or the password is wrong (the failure is
    recorded, so commit either way). Too many recent failures pause sign-in for the address (and for the
    client) whatever the password: `TooManyRequests`."""
    address = email.strip().lower()[:254]
    limit = get_settings().sign_in_max_failures
    # tries for one address (and from one client) are counted one at a time, so that failures sent at once
    # cannot all pass the count before any is recorded; the locks last until the attempt is committed
    lock_name(session, f"sign-in:{address}")
    if client_ip:
        lock_name(session, f"sign-in-client:{client_ip[:64]}")
    if _recent_failures(session, SignInAttempt.email, address) >= limit or (
        client_ip and _recent_failures(session, SignInAttempt.client_ip, client_ip) >= 4 * limit
    ):
        raise TooManyRequests(
            f"too many failed sign-ins; wait {FAILURE_WINDOW.seconds // 60} minutes and try again",
            headers={"Retry-After": str(int(FAILURE_WINDOW.total_seconds()))},
        )
    user = session.exec(select(User).where(User.email == address)).first()
    ok = False
    try:
        ok = _hasher.verify(user.password_hash if user else _DUMMY_HASH, password) and user is not None
    except (VerificationError, InvalidHashError):
        ok = False
    ok = ok and user is not None and user.disabled_at is None
    session.add(SignInAttempt(email=address, client_ip=client_ip[:64], succeeded=ok))
    session.flush()
    if not ok or user is None:
        return None
    now = utc_now()
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.last_sign_in_at = now
    session.add(user)
    hours = get_settings().console_session_hours
    token = secrets.token_urlsafe(32)
    session.add(
        SignInSession(
            id=new_id("ses"),
            token_hash=_sha256(token),
            user_id=user.id,
            expires_at=now + timedelta(hours=hours),
            client_ip=client_ip[:64],
            user_agent=user_agent[:300],
        )
    )
    session.flush()
    return SignedIn(user=user, token=token, expires_in_seconds=hours * 3600)


def resolve(session: Session, token: str | None) -> tuple[User, SignInSession] | None:
    """The person behind a session cookie, or None when it is unknown, ended, expired or disabled."""
    if not token or len(token) > 100:
        return None
    row = session.exec(select(SignInSession).where(SignInSession.token_hash == _sha256(token))).first()
    if row is None or row.ended_at is not None or row.expires_at <= utc_now():
        return None
    user = session.get(User, row.user_id)
    if user is None or user.disabled_at is not None:
        return None
    return user, row


def sign_out(session: Session, token: str | None) -> None:
    found = resolve(session, token)
    if found is not None:
        _, row = found
        row.ended_at = utc_now()
        session.add(row)
        session.flush()


# --- form tokens -------------------------------------------------------------------------------------


def _read_or_make_key(path: Path) -> bytes:
    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32).encode()
    try:
        with path.open("xb") as f:  # another process may win the race: then read its key
            f.write(key)
        path.chmod(0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    return key


@lru_cache
def secret_key() -> bytes:
    configured = get_settings().secret_key
    if configured is not None:
        return configured.get_secret_value().encode()
    return _read_or_make_key(get_settings().data_dir / "secret-key")


def form_token(purpose: str, *, bound_to: str = "", issued_at: int | None = None) -> str:
    """A signed token for a form: `<issued>.<nonce>.<mac>`, valid for the session length."""
    issued = int(utc_now().timestamp()) if issued_at is None else issued_at
    nonce = secrets.token_urlsafe(12)
    mac = hmac.new(secret_key(), f"{purpose}|{bound_to}|{issued}|{nonce}".encode(), "sha256").hexdigest()
    return f"{issued}.{nonce}.{mac}"


def check_form_token(token: str, purpose: str, *, bound_to: str = "") -> bool:
    issued_s, _, rest = token.partition(".")
    nonce, _, mac = rest.partition(".")
    if not issued_s.isdigit() or not nonce or not mac:
        return False
    expected = hmac.new(
        secret_key(), f"{purpose}|{bound_to}|{issued_s}|{nonce}".encode(), "sha256"
    ).hexdigest()
    age = utc_now().timestamp() - int(issued_s)
    max_age = get_settings().console_session_hours * 3600
    return hmac.compare_digest(expected, mac) and -60 <= age <= max_age
