"""The transit-time estimator: a lane's days per leg, from its rate sheet and from delivered shipments.

A lane is service x origin country x destination zone. Its profile gives p10, p50 and p90 for each leg: line
haul in calendar days, customs clearance and last mile in the destination's business days.

- The sheet's percentiles are the prior.
- Each delivered shipment adds a sample (`carriers.service.record_transit`); the most recent `WINDOW`
  samples of the lane are kept in play, so a lane that slows down or speeds up is followed.
- Learned percentiles are nearest-rank percentiles of those samples, leg by leg.
- With n samples and a sheet profile: below `LEARNED_AFTER` (20) each percentile is a blend,
  round_half_up((1 - n/20) x sheet + n/20 x learned), and the profile still says `source="sheet"` with
  `samples=n`; from 20 samples on, the learned percentiles replace the sheet's (`source="learned"`).
- Without a sheet profile: learned percentiles once the lane has `MIN_SAMPLES_ALONE` (5) samples, else none.

Pure functions of plain data: `carriers.network` feeds them the samples it loads.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from carriers.types import DayPercentiles, TransitProfile

LEARNED_AFTER = 20
WINDOW = 500
MIN_SAMPLES_ALONE = 5


@dataclass(frozen=True, slots=True)
class LegSample:
    line_haul: int
    clearance: int
    last_mile: int


def nearest_rank(sorted_values: Sequence[int], p: int) -> int:
    """The p-th percentile (0 < p <= 100) by the nearest-rank method."""
    if not sorted_values:
        raise ValueError("no values")
    rank = max(1, math.ceil(p * len(sorted_values) / 100))
    return sorted_values[rank - 1]


def percentiles(values: Sequence[int]) -> DayPercentiles:
    ordered = sorted(values)
    return DayPercentiles(nearest_rank(ordered, 10), nearest_rank(ordered, 50), nearest_rank(ordered, 90))


def learned_profile(samples: Sequence[LegSample]) -> TransitProfile:
    if not samples:
        raise ValueError("a learned profile needs samples")
    return TransitProfile(
        line_haul=percentiles([s.line_haul for s in samples]),
        clearance=percentiles([s.clearance for s in samples]),
        last_mile=percentiles([s.last_mile for s in samples]),
        source="learned",
        samples=len(samples),
    )


def _mix(prior: int, learned: int, weight: Decimal) -> int:
    value = Decimal(prior) * (1 - weight) + Decimal(learned) * weight
    return int(value.to_integral_value(rounding=ROUND_HALF_UP))


def _blend_leg(prior: DayPercentiles, learned: DayPercentiles, weight: Decimal) -> DayPercentiles:
    return DayPercentiles(
        _mix(prior.p10, learned.p10, weight),
        _mix(prior.p50, learned.p50, weight),
        _mix(prior.p90, learned.p90, weight),
    )


def blend(prior: TransitProfile, learned: TransitProfile, samples: int) -> TransitProfile:
    """The prior moved towards the learned percentiles by samples / LEARNED_AFTER."""
    weight = Decimal(min(samples, LEARNED_AFTER)) / LEARNED_AFTER
    return TransitProfile(
        line_haul=_blend_leg(prior.line_haul, learned.line_haul, weight),
        clearance=_blend_leg(prior.clearance, learned.clearance, weight),
        last_mile=_blend_leg(prior.last_mile, learned.last_mile, weight),
        source="sheet",
        samples=samples,
        extra={"learned_weight": str(weight)},
    )


def estimate(sheet: TransitProfile | None, samples: Sequence[LegSample]) -> TransitProfile | None:
    """The lane's profile from the sheet's percentiles and its recent samples (newest last)."""
    recent = samples[-WINDOW:]
    n = len(recent)
    if n == 0:
        return sheet
    if sheet is None:
        return learned_profile(recent) if n >= MIN_SAMPLES_ALONE else None
    learned = learned_profile(recent)
    if n >= LEARNED_AFTER:
        return learned
    return blend(sheet, learned, n)
