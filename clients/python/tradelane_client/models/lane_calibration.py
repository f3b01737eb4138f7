from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.day_count import DayCount


T = TypeVar("T", bound="LaneCalibration")


@_attrs_define
class LaneCalibration:
    """One lane's window fitted on its older deliveries and scored on the newest (the holdout).

    Attributes:
        carrier (str):
        deliveries (int):
        destination_country (str):
        earliest_days (int | None): Days from hand-over: the window's first day
        early (float | None):
        empirical_p5_days (int | None): p5 of the holdout's transit days
        empirical_p95_days (int | None):
        empirical_width_days (int | None):
        fitted_on (int): The older deliveries the window was fitted on
        holdout_days (list[DayCount]): The holdout's deliveries per transit day
        inside (float | None): Share of the holdout delivered inside the window
        late (float | None):
        latest_days (int | None):
        likely_days (int | None):
        meets_goal (bool | None): inside >= the goal and the window no wider than the holdout's p5-p95 plus a day
        origin_country (str):
        quoted_early (float | None):
        quoted_inside (float | None): Share of the holdout inside the window a quote gives from the same older
            deliveries (the lane's learned transit profile, p10 to p90, from the hand-over day)
        quoted_late (float | None):
        scored (int): The newest deliveries the window was scored on (the holdout)
        service (str):
        window_width_days (int | None):
    """

    carrier: str
    deliveries: int
    destination_country: str
    earliest_days: int | None
    early: float | None
    empirical_p5_days: int | None
    empirical_p95_days: int | None
    empirical_width_days: int | None
    fitted_on: int
    holdout_days: list[DayCount]
    inside: float | None
    late: float | None
    latest_days: int | None
    likely_days: int | None
    meets_goal: bool | None
    origin_country: str
    quoted_early: float | None
    quoted_inside: float | None
    quoted_late: float | None
    scored: int
    service: str
    window_width_days: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        carrier = self.carrier

        deliveries = self.deliveries

        destination_country = self.destination_country

        earliest_days: int | None
        earliest_days = self.earliest_days

        early: float | None
        early = self.early

        empirical_p5_days: int | None
        empirical_p5_days = self.empirical_p5_days

        empirical_p95_days: int | None
        empirical_p95_days = self.empirical_p95_days

        empirical_width_days: int | None
        empirical_width_days = self.empirical_width_days

        fitted_on = self.fitted_on

        holdout_days = []
        for holdout_days_item_data in self.holdout_days:
            holdout_days_item = holdout_days_item_data.to_dict()
            holdout_days.append(holdout_days_item)

        inside: float | None
        inside = self.inside

        late: float | None
        late = self.late

        latest_days: int | None
        latest_days = self.latest_days

        likely_days: int | None
        likely_days = self.likely_days

        meets_goal: bool | None
        meets_goal = self.meets_goal

        origin_country = self.origin_country

        quoted_early: float | None
        quoted_early = self.quoted_early

        quoted_inside: float | None
        quoted_inside = self.quoted_inside

        quoted_late: float | None
        quoted_late = self.quoted_late

        scored = self.scored

        service = self.service

        window_width_days: int | None
        window_width_days = self.window_width_days

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "carrier": carrier,
                "deliveries": deliveries,
                "destination_country": destination_country,
                "earliest_days": earliest_days,
                "early": early,
                "empirical_p5_days": empirical_p5_days,
                "empirical_p95_days": empirical_p95_days,
                "empirical_width_days": empirical_width_days,
                "fitted_on": fitted_on,
                "holdout_days": holdout_days,
                "inside": inside,
                "late": late,
                "latest_days": latest_days,
                "likely_days": likely_days,
                "meets_goal": meets_goal,
                "origin_country": origin_country,
                "quoted_early": quoted_early,
                "quoted_inside": quoted_inside,
                "quoted_late": quoted_late,
                "scored": scored,
                "service": service,
                "window_width_days": window_width_days,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.day_count import DayCount  # noqa: PLC0415

        d = dict(src_dict)
        carrier = d.pop("carrier")

        deliveries = d.pop("deliveries")

        destination_country = d.pop("destination_country")

        def _parse_earliest_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        earliest_days = _parse_earliest_days(d.pop("earliest_days"))

        def _parse_early(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        early = _parse_early(d.pop("early"))

        def _parse_empirical_p5_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        empirical_p5_days = _parse_empirical_p5_days(d.pop("empirical_p5_days"))

        def _parse_empirical_p95_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        empirical_p95_days = _parse_empirical_p95_days(d.pop("empirical_p95_days"))

        def _parse_empirical_width_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        empirical_width_days = _parse_empirical_width_days(d.pop("empirical_width_days"))

        fitted_on = d.pop("fitted_on")

        holdout_days = []
        _holdout_days = d.pop("holdout_days")
        for holdout_days_item_data in _holdout_days:
            holdout_days_item = DayCount.from_dict(holdout_days_item_data)

            holdout_days.append(holdout_days_item)

        def _parse_inside(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        inside = _parse_inside(d.pop("inside"))

        def _parse_late(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        late = _parse_late(d.pop("late"))

        def _parse_latest_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        latest_days = _parse_latest_days(d.pop("latest_days"))

        def _parse_likely_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        likely_days = _parse_likely_days(d.pop("likely_days"))

        def _parse_meets_goal(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        meets_goal = _parse_meets_goal(d.pop("meets_goal"))

        origin_country = d.pop("origin_country")

        def _parse_quoted_early(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        quoted_early = _parse_quoted_early(d.pop("quoted_early"))

        def _parse_quoted_inside(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        quoted_inside = _parse_quoted_inside(d.pop("quoted_inside"))

        def _parse_quoted_late(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        quoted_late = _parse_quoted_late(d.pop("quoted_late"))

        scored = d.pop("scored")

        service = d.pop("service")

        def _parse_window_width_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        window_width_days = _parse_window_width_days(d.pop("window_width_days"))

        lane_calibration = cls(
            carrier=carrier,
            deliveries=deliveries,
            destination_country=destination_country,
            earliest_days=earliest_days,
            early=early,
            empirical_p5_days=empirical_p5_days,
            empirical_p95_days=empirical_p95_days,
            empirical_width_days=empirical_width_days,
            fitted_on=fitted_on,
            holdout_days=holdout_days,
            inside=inside,
            late=late,
            latest_days=latest_days,
            likely_days=likely_days,
            meets_goal=meets_goal,
            origin_country=origin_country,
            quoted_early=quoted_early,
            quoted_inside=quoted_inside,
            quoted_late=quoted_late,
            scored=scored,
            service=service,
            window_width_days=window_width_days,
        )

        lane_calibration.additional_properties = d
        return lane_calibration

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
