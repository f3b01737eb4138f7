"""Live rates: carriers with credentials priced through their karrio connector, the sheet as the fallback.

Which carriers are live is known per network snapshot (`CarrierNetwork.live`, from the settings when the
snapshot is built), so a quote with no live carrier (the default) asks nothing more. For a quote with some:

1. `Recorder` wraps the snapshot and notes every question (origin, destination, parcel, day) that a live
   carrier's service answered from its sheet while the planner ran once on it;
2. `fetch` asks each live carrier each of those questions at once, in a shared pool of threads, and waits
   for all of them together up to one deadline (`live_rate_deadline_seconds`): what has not come back by
   then, or came back with no price for the service, stays priced by the sheet;
3. `LiveNetwork` answers the planner as the snapshot does, with the live prices in place of the sheet's
   (`RateQuote.source == "live"`); the lane's transit profile and windows stay the network's. A shipment
   split into parcels over a service's limits is priced parcel by parcel on the sheet.

The caller holds no database connection while it waits (see `logistics.quotes`). Each question runs on a
daemon thread of its own (a carrier that never answers cannot hold the process open at exit), at most
`MAX_IN_FLIGHT` at once in the process: past that a question is not asked and its price stays the sheet's,
so a stuck carrier costs threads up to that bound, never a quote more than its deadline.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, wait
from dataclasses import dataclass, replace
from datetime import date

from carriers.adapters import Address, CarrierAdapter, RateRequest, RateResult, live_adapter
from carriers.network import CarrierNetwork, LaneAnswer
from carriers.types import Destination, Parcel, RateQuote, RateRefusal
from core.money import Money

log = logging.getLogger(__name__)

MAX_IN_FLIGHT = 32
_in_flight = threading.BoundedSemaphore(MAX_IN_FLIGHT)
_adapters: weakref.WeakKeyDictionary[CarrierNetwork, dict[str, CarrierAdapter | None]] = (
    weakref.WeakKeyDictionary()
)


@dataclass(frozen=True, slots=True)
class Question:
    carrier_code: str
    origin_country: str
    destination: Destination
    parcel: Parcel
    on: date


class Recorder:
    """The snapshot as the planner sees it, noting what its live carriers were asked."""

    def __init__(self, network: CarrierNetwork) -> None:
        self.network = network
        self.asked: dict[Question, None] = {}

    def quotes_from(
        self, origin_country: str, *, destination: Destination, parcel: Parcel, on: date
    ) -> Sequence[LaneAnswer]:
        answers = self.network.quotes_from(origin_country, destination=destination, parcel=parcel, on=on)
        live = self.network.live
        for svc, rate, _ in answers:
            if svc.carrier_code in live and isinstance(rate, RateQuote):
                self.asked[Question(svc.carrier_code, origin_country, destination, parcel, on)] = None
        return answers

    def rate(
        self, service_code: str, *, origin_country: str, destination: Destination, parcel: Parcel, on: date
    ) -> RateQuote | RateRefusal:
        """One parcel of a shipment split into several, priced on the sheet (live rates are for whole
        shipments)."""
        return self.network.rate(
            service_code, origin_country=origin_country, destination=destination, parcel=parcel, on=on
        )


def _adapter(network: CarrierNetwork, carrier_code: str, settings: object) -> CarrierAdapter | None:
    """The carrier's live adapter, built once per snapshot."""
    built = _adapters.setdefault(network, {})
    if carrier_code not in built:
        built[carrier_code] = live_adapter(network.live[carrier_code], settings, carrier_code=carrier_code)
    return built[carrier_code]


def _request(question: Question, origin: Address) -> RateRequest:
    d = question.destination
    return RateRequest(
        origin=origin,
        destination=Address(d.country, postal_code=d.postal_code, point=d.point),
        parcel=question.parcel,
        on=question.on,
    )


def _ask(rate: Callable[[RateRequest], RateResult], request: RateRequest) -> Future[RateResult] | None:
    """`rate(request)` on a daemon thread, or None when `MAX_IN_FLIGHT` questions are already out."""
    if not _in_flight.acquire(blocking=False):
        return None
    future: Future[RateResult] = Future()

    def run() -> None:
        try:
            if future.set_running_or_notify_cancel():
                future.set_result(rate(request))
        except BaseException as exc:
            future.set_exception(exc)
        finally:
            _in_flight.release()

    threading.Thread(target=run, name="live-rate", daemon=True).start()
    return future


def fetch(
    network: CarrierNetwork,
    questions: Sequence[Question],
    *,
    origins: Mapping[str, Address],
    settings: object,
    deadline: float,
) -> dict[Question, RateResult]:
    """Each question's answer from its carrier, all asked at once; those not back within `deadline` seconds
    (or that failed) are left out."""
    futures: dict[Future[RateResult], Question] = {}
    for q in questions:
        adapter = _adapter(network, q.carrier_code, settings)
        if adapter is None:
            continue
        origin = origins.get(q.origin_country) or Address(q.origin_country)
        future = _ask(adapter.rate, _request(q, origin))
        if future is None:
            log.warning(
                "live rates: %d questions already out, %s priced from its sheet",
                MAX_IN_FLIGHT,
                q.carrier_code,
            )
            continue
        futures[future] = q
    if not futures:
        return {}
    done, late = wait(futures, timeout=deadline)
    answers: dict[Question, RateResult] = {}
    for future in done:
        error = future.exception()
        if error is not None:  # adapters answer failures as messages; anything else is a bug to see
            log.warning("live rate from %s failed: %r", futures[future].carrier_code, error)
            continue
        answers[futures[future]] = future.result()
    if late:
        log.info("live rates: %d of %d not back within %.2f s", len(late), len(futures), deadline)
    return answers


class LiveNetwork:
    """The snapshot with the live prices it was given in place of the sheets'."""

    def __init__(self, network: CarrierNetwork, answers: Mapping[Question, RateResult]) -> None:
        self.network = network
        self.answers = answers

    def quotes_from(
        self, origin_country: str, *, destination: Destination, parcel: Parcel, on: date
    ) -> Sequence[LaneAnswer]:
        answers = self.network.quotes_from(origin_country, destination=destination, parcel=parcel, on=on)
        priced: list[LaneAnswer] = []
        for svc, rate, profile in answers:
            if isinstance(rate, RateQuote):
                result = self.answers.get(Question(svc.carrier_code, origin_country, destination, parcel, on))
                if result is not None:
                    rate = priced_live(rate, result)
            priced.append((svc, rate, profile))
        return tuple(priced)

    def rate(
        self, service_code: str, *, origin_country: str, destination: Destination, parcel: Parcel, on: date
    ) -> RateQuote | RateRefusal:
        """One parcel of a shipment split into several, priced on the sheet (live rates are for whole
        shipments)."""
        return self.network.rate(
            service_code, origin_country=origin_country, destination=destination, parcel=parcel, on=on
        )


def priced_live(rate: RateQuote, result: RateResult) -> RateQuote:
    """The sheet's rate with the carrier's live price for the same service, if the carrier priced it."""
    found = next((r for r in result.rates if r.service_code == rate.service_code), None)
    if found is None:
        return rate
    zero = Money.zero(found.price.currency)
    return replace(
        rate,
        price=found.price,
        base=found.base or found.price,
        fuel=next((m for name, m in found.surcharges if "fuel" in name.lower()), zero),
        remote_area=next((m for name, m in found.surcharges if "remote" in name.lower()), zero),
        minimum_charge_applied=False,
        source="live",
    )
