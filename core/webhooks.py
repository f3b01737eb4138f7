"""Webhooks out: endpoints, their signing secrets, and deliveries signed per the Standard Webhooks
specification (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>`).

An endpoint's secret is shown once, when the endpoint is made, and kept nowhere: it is derived, whenever a
delivery is signed, from the installation's secret key (`APP_SECRET_KEY`, or the key file under the data
directory) and a random salt stored with the endpoint. The database alone cannot sign; changing the secret
key changes every endpoint's secret.

A delivery is tried once at once, then again on Standard Webhooks' suggested schedule (`RETRY_SCHEDULE`:
5 seconds, 5 minutes, 30 minutes, 2, 5, 10 and 10 hours) by the scheduler's `core.retry_webhooks`; after the
last attempt it is failed and its endpoint marked failing, whose later deliveries are then tried once each
until one succeeds. Each attempt is claimed in a short transaction, sent with no transaction open (httpx, the
`APP_WEBHOOK_TIMEOUT_SECONDS` timeout, no redirects, no proxy from the environment), and its outcome recorded
in another: a worker lost mid-attempt leaves the claim to expire and the attempt to be made again. Every
delivery of an event carries the event's id as `webhook-id`, retries and replays included, so a receiver can
drop what it already has.

Targets: http or https URLs without credentials. The name is resolved at each attempt and the request sent to
the address checked (the `Host` header and TLS name stay the URL's), so a name that later resolves to a
loopback, private, link-local or otherwise non-public address is refused then too, unless
`APP_WEBHOOK_ALLOW_PRIVATE_TARGETS` allows it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import update
from sqlmodel import Session, col, select
from standardwebhooks.webhooks import Webhook

from core import events
from core.auth import Principal
from core.clock import as_utc, utc_now
from core.config import get_settings
from core.db import unit_of_work
from core.errors import Conflict, FieldError, InvalidInput, NotFound
from core.ids import new_id
from core.jobs import enqueue
from core.metrics import WEBHOOK_DELIVERIES
from core.models import (
    DeliveryStatus,
    EndpointStatus,
    Event,
    Role,
    WebhookDelivery,
    WebhookEndpoint,
)
from core.pagination import PageParams, paginate
from core.people import secret_key

log = logging.getLogger("tradelane.webhooks")

RETRY_SCHEDULE = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=10),
)
"""The wait before each attempt after the first."""
MAX_ATTEMPTS = len(RETRY_SCHEDULE) + 1
MAX_ENDPOINTS = 20
"""Endpoints one owner (a merchant, a creator, or a role) may have at once."""
DUE_BATCH = 500
USER_AGENT = "Tradelane-Webhooks/1"


class WebhookEndpointNotFound(NotFound):
    slug, title = "webhook-endpoint-not-found", "Webhook endpoint not found"


class WebhookDeliveryNotFound(NotFound):
    slug, title = "webhook-delivery-not-found", "Webhook delivery not found"


class TooManyEndpoints(Conflict):
    slug, title = "too-many-webhook-endpoints", "Too many webhook endpoints"


class TargetRefused(ValueError):
    """The URL may not be called (scheme, credentials, or a non-public address)."""


# --- targets --------------------------------------------------------------------------------------------


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def check_url(url: str) -> httpx.URL:
    """The URL parsed, if an endpoint may have it; the address checks that need no name resolution."""
    try:
        parsed = httpx.URL(url)
        host = _host(parsed).lower().rstrip(".")
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise TargetRefused(f"not a URL: {exc}") from None
    if parsed.scheme not in ("http", "https"):
        raise TargetRefused("must be an http or https URL")
    if not host:
        raise TargetRefused("must name a host")
    if parsed.userinfo:
        raise TargetRefused("must not carry credentials")
    if get_settings().private_webhook_targets:
        return parsed
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        raise TargetRefused("must not point at this machine or a private network")
    literal = _literal(host)
    if literal is not None and not _public(literal):
        raise TargetRefused("must not point at a loopback, private or link-local address")
    return parsed


def _host(url: httpx.URL) -> str:
    """The URL's host as sent (an international name in ASCII), without an IPv6 literal's brackets."""
    return url.raw_host.decode("ascii")


def _literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host names without a look-up, in any form a resolver takes (`127.1`, `0x7f000001`)."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def resolve(url: httpx.URL) -> str:
    """The address to send to: the first the host resolves to, every one of them checked."""
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        found = socket.getaddrinfo(_host(url), port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise TargetRefused(f"the host does not resolve ({exc.strerror or exc})") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in found]
    if not addresses:
        raise TargetRefused("the host does not resolve")
    if not get_settings().private_webhook_targets and not all(_public(a) for a in addresses):
        raise TargetRefused("the host resolves to a loopback, private or link-local address")
    return str(addresses[0])


# --- endpoints ------------------------------------------------------------------------------------------


def signing_secret(endpoint: WebhookEndpoint) -> str:
    """The endpoint's secret in the Standard Webhooks form (`whsec_` and base64), derived, never stored."""
    material = f"webhook-endpoint|{endpoint.id}|{endpoint.secret_salt}".encode()
    return "whsec_" + base64.b64encode(hmac.new(secret_key(), material, hashlib.sha256).digest()).decode()


def _owned(principal: Principal) -> list[Any]:
    """Which endpoints a principal sees: an admin all of them; a merchant or creator its own; another role
    those its role made."""
    if principal.role is Role.admin:
        return []
    if principal.role is Role.merchant:
        return [col(WebhookEndpoint.merchant_id) == principal.merchant_id]
    if principal.role is Role.creator:
        return [col(WebhookEndpoint.creator_id) == principal.creator_id]
    return [col(WebhookEndpoint.owner_role) == principal.role.value]


def _check_types(principal: Principal, types: Sequence[str]) -> list[str]:
    readable = set(events.readable_types(principal.role))
    problems = [
        FieldError(
            f"event_types.{i}",
            f"{t!r} is not an event type this key's role ({principal.role.value}) receives",
        )
        for i, t in enumerate(types)
        if t != events.WILDCARD and t not in readable
    ]
    if problems:
        raise InvalidInput("unknown or unreadable event types", errors=problems)
    return sorted(set(types))


def create_endpoint(
    session: Session, *, principal: Principal, url: str, event_types: Sequence[str], description: str = ""
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint for the principal's own events, and its signing secret (to show this once)."""
    try:
        check_url(url)
    except TargetRefused as exc:
        raise InvalidInput.for_field("url", str(exc)) from None
    types = _check_types(principal, event_types)
    owned = session.exec(
        select(col(WebhookEndpoint.id)).where(
            col(WebhookEndpoint.status) != EndpointStatus.deleted.value, *_owned(principal)
        )
    ).all()
    if principal.role is not Role.admin and len(owned) >= MAX_ENDPOINTS:
        raise TooManyEndpoints(f"at most {MAX_ENDPOINTS} webhook endpoints; delete one first")
    endpoint = WebhookEndpoint(
        id=new_id("whe"),
        url=url,
        description=description,
        event_types=types,
        owner_role=principal.role.value,
        merchant_id=principal.merchant_id if principal.role is Role.merchant else None,
        creator_id=principal.creator_id if principal.role is Role.creator else None,
        created_by=principal.actor_id,
        secret_salt=secrets.token_hex(16),
        created_at=utc_now(),
    )
    session.add(endpoint)
    session.flush()
    events.endpoints_changed(session)
    return endpoint, signing_secret(endpoint)


def get_endpoint(session: Session, *, principal: Principal, endpoint_id: str) -> WebhookEndpoint:
    endpoint = session.exec(
        select(WebhookEndpoint).where(
            col(WebhookEndpoint.id) == endpoint_id,
            col(WebhookEndpoint.status) != EndpointStatus.deleted.value,
            *_owned(principal),
        )
    ).first()
    if endpoint is None:
        raise WebhookEndpointNotFound(f"no webhook endpoint {endpoint_id}")
    return endpoint


def list_endpoints(
    session: Session, *, principal: Principal, page: PageParams
) -> tuple[Sequence[WebhookEndpoint], bool]:
    stmt = select(WebhookEndpoint).where(
        col(WebhookEndpoint.status) != EndpointStatus.deleted.value, *_owned(principal)
    )
    return paginate(session, stmt, WebhookEndpoint.id, page)


def delete_endpoint(session: Session, *, principal: Principal, endpoint_id: str) -> WebhookEndpoint:
    """No more deliveries: the endpoint's pending ones are failed, its log stays readable by admins."""
    endpoint = get_endpoint(session, principal=principal, endpoint_id=endpoint_id)
    now = utc_now()
    endpoint.status, endpoint.deleted_at = EndpointStatus.deleted.value, now
    session.add(endpoint)
    session.execute(
        update(WebhookDelivery)
        .where(
            col(WebhookDelivery.endpoint_id) == endpoint.id,
            col(WebhookDelivery.status) == DeliveryStatus.pending.value,
        )
        .values(status=DeliveryStatus.failed.value, next_attempt_at=None, error="endpoint deleted")
    )
    session.flush()
    events.endpoints_changed(session)
    return endpoint


def list_deliveries(
    session: Session,
    *,
    principal: Principal,
    endpoint_id: str,
    page: PageParams,
    status: DeliveryStatus | None = None,
) -> tuple[Sequence[WebhookDelivery], bool]:
    """An endpoint's delivery log, newest first."""
    get_endpoint(session, principal=principal, endpoint_id=endpoint_id)
    stmt = select(WebhookDelivery).where(col(WebhookDelivery.endpoint_id) == endpoint_id)
    if status is not None:
        stmt = stmt.where(col(WebhookDelivery.status) == status.value)
    return paginate(session, stmt, WebhookDelivery.id, page)


def replay(session: Session, *, principal: Principal, endpoint_id: str, delivery_id: str) -> WebhookDelivery:
    """Send a delivery's event to its endpoint again, as a new delivery (with the same `webhook-id`)."""
    endpoint = get_endpoint(session, principal=principal, endpoint_id=endpoint_id)
    original = session.get(WebhookDelivery, delivery_id)
    if original is None or original.endpoint_id != endpoint.id:
        raise WebhookDeliveryNotFound(f"no delivery {delivery_id} for endpoint {endpoint_id}")
    event = session.get(Event, original.event_id)
    assert event is not None  # deliveries refer to their event
    again = events.new_delivery(event, endpoint.id, replay_of=original.id)
    session.add(again)
    session.flush()
    enqueue(session, events.DELIVER_TASK, delivery_id=again.id)
    return again


# --- delivering -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Attempt:
    delivery_id: str
    number: int
    endpoint_id: str
    url: str
    secret: str
    message_id: str
    body: bytes


@dataclass(frozen=True, slots=True)
class Outcome:
    ok: bool
    status: int | None = None
    error: str | None = None
    duration_ms: int | None = None


def body_of(event: Event) -> bytes:
    """The payload, as Standard Webhooks shapes it: the type, when it happened, and its data."""
    payload = {"type": event.type, "timestamp": as_utc(event.created_at).isoformat(), "data": event.data}
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def _claim(delivery_id: str, now: datetime) -> Attempt | None:
    """Take the delivery's next attempt if it is due: counted now, and put off by the time an attempt may
    take, so that nobody else makes it meanwhile."""
    with unit_of_work() as s:
        d = s.exec(
            select(WebhookDelivery).where(col(WebhookDelivery.id) == delivery_id).with_for_update()
        ).first()
        if d is None or d.status != DeliveryStatus.pending.value:
            return None
        if d.next_attempt_at is not None and as_utc(d.next_attempt_at) > now:
            return None
        endpoint = s.get(WebhookEndpoint, d.endpoint_id)
        event = s.get(Event, d.event_id)
        assert endpoint is not None
        assert event is not None
        if endpoint.status == EndpointStatus.deleted.value:
            d.status, d.next_attempt_at, d.error = DeliveryStatus.failed.value, None, "endpoint deleted"
            s.add(d)
            return None
        d.attempts += 1
        d.last_attempt_at = now
        d.next_attempt_at = now + timedelta(seconds=2 * get_settings().webhook_timeout_seconds + 60)
        s.add(d)
        return Attempt(
            d.id, d.attempts, endpoint.id, endpoint.url, signing_secret(endpoint), event.id, body_of(event)
        )


def _headers(attempt: Attempt, url: httpx.URL, at: datetime) -> dict[str, str]:
    signature = Webhook(attempt.secret).sign(attempt.message_id, at, attempt.body)
    return {
        "Host": url.netloc.decode("ascii"),
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": attempt.message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature,
    }


def post(attempt: Attempt, at: datetime) -> Outcome:
    """Send one attempt (no transaction open), to the address the URL's host resolves to now."""
    started = time.monotonic()
    try:
        url = check_url(attempt.url)
        address = resolve(url)
    except TargetRefused as exc:
        return Outcome(False, error=f"target refused: {exc}"[:300])
    timeout = get_settings().webhook_timeout_seconds
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
            request = client.build_request(
                "POST",
                url.copy_with(host=address),
                content=attempt.body,
                headers=_headers(attempt, url, at),
                extensions={"sni_hostname": _host(url)},
            )
            response = client.send(request, stream=True)
            response.close()  # the answer's body is never read
    except httpx.TimeoutException:
        return Outcome(False, error=f"timed out after {timeout:g} s", duration_ms=_ms(started))
    except httpx.HTTPError as exc:
        return Outcome(False, error=f"{type(exc).__name__}: {exc}"[:300], duration_ms=_ms(started))
    ok = 200 <= response.status_code < 300
    error = None if ok else f"answered HTTP {response.status_code}"
    return Outcome(ok, status=response.status_code, error=error, duration_ms=_ms(started))


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def _record(attempt: Attempt, outcome: Outcome, now: datetime) -> None:
    with unit_of_work() as s:
        d = s.exec(
            select(WebhookDelivery).where(col(WebhookDelivery.id) == attempt.delivery_id).with_for_update()
        ).first()
        if d is None or d.status != DeliveryStatus.pending.value or d.attempts != attempt.number:
            return  # deleted meanwhile, or the claim expired and another attempt was made
        endpoint = s.get(WebhookEndpoint, d.endpoint_id)
        assert endpoint is not None
        d.response_status, d.error, d.duration_ms = outcome.status, outcome.error, outcome.duration_ms
        if outcome.ok:
            d.status, d.next_attempt_at = DeliveryStatus.succeeded.value, None
            _set_endpoint(s, endpoint.id, EndpointStatus.enabled, frm=EndpointStatus.failing, at=None)
        elif d.attempts >= MAX_ATTEMPTS or endpoint.status == EndpointStatus.failing.value:
            d.status, d.next_attempt_at = DeliveryStatus.failed.value, None
            _set_endpoint(s, endpoint.id, EndpointStatus.failing, frm=EndpointStatus.enabled, at=now)
            log.warning(
                "webhook delivery failed for good",
                extra={"delivery_id": d.id, "endpoint_id": endpoint.id, "attempts": d.attempts},
            )
        else:
            d.next_attempt_at = now + RETRY_SCHEDULE[d.attempts - 1]
        s.add(d)


def _set_endpoint(
    session: Session, endpoint_id: str, to: EndpointStatus, *, frm: EndpointStatus, at: datetime | None
) -> None:
    session.execute(
        update(WebhookEndpoint)
        .where(col(WebhookEndpoint.id) == endpoint_id, col(WebhookEndpoint.status) == frm.value)
        .values(status=to.value, failing_since=at)
    )


def deliver(delivery_id: str) -> str:
    """Make the delivery's attempt if it is due; what became of it (`skipped` when nothing was due).

    The `webhook-timestamp` is the wall clock's, not `utc_now()`: receivers check it against their own clock
    to refuse replayed messages, whatever time the service's business clock says."""
    attempt = _claim(delivery_id, utc_now())
    if attempt is None:
        return "skipped"
    outcome = post(attempt, datetime.now(UTC))
    _record(attempt, outcome, utc_now())
    result = "succeeded" if outcome.ok else "failed"
    WEBHOOK_DELIVERIES.labels(result).inc()
    return result


def due_deliveries(session: Session, *, limit: int = DUE_BATCH) -> list[str]:
    """Pending deliveries whose next attempt is due, the longest waiting first."""
    return list(
        session.exec(
            select(col(WebhookDelivery.id))
            .where(
                col(WebhookDelivery.status) == DeliveryStatus.pending.value,
                col(WebhookDelivery.next_attempt_at) <= utc_now(),
            )
            .order_by(col(WebhookDelivery.next_attempt_at))
            .limit(limit)
        )
    )
