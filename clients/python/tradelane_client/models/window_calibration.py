from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.lane_calibration import LaneCalibration


T = TypeVar("T", bound="WindowCalibration")


@_attrs_define
class WindowCalibration:
    """
    Attributes:
        data (list[LaneCalibration]):
        goal_extra_width_days (int):
        goal_inside (float):
        holdout_share (float):
        inside (float | None): Share of every scored delivery that arrived inside its window
        lanes (int):
        lanes_meeting_goal (int):
        min_fit (int): Deliveries a lane needs in its older part to be fitted
        scored (int):
    """

    data: list[LaneCalibration]
    goal_extra_width_days: int
    goal_inside: float
    holdout_share: float
    inside: float | None
    lanes: int
    lanes_meeting_goal: int
    min_fit: int
    scored: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        goal_extra_width_days = self.goal_extra_width_days

        goal_inside = self.goal_inside

        holdout_share = self.holdout_share

        inside: float | None
        inside = self.inside

        lanes = self.lanes

        lanes_meeting_goal = self.lanes_meeting_goal

        min_fit = self.min_fit

        scored = self.scored

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "goal_extra_width_days": goal_extra_width_days,
                "goal_inside": goal_inside,
                "holdout_share": holdout_share,
                "inside": inside,
                "lanes": lanes,
                "lanes_meeting_goal": lanes_meeting_goal,
                "min_fit": min_fit,
                "scored": scored,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.lane_calibration import LaneCalibration  # noqa: PLC0415

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = LaneCalibration.from_dict(data_item_data)

            data.append(data_item)

        goal_extra_width_days = d.pop("goal_extra_width_days")

        goal_inside = d.pop("goal_inside")

        holdout_share = d.pop("holdout_share")

        def _parse_inside(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        inside = _parse_inside(d.pop("inside"))

        lanes = d.pop("lanes")

        lanes_meeting_goal = d.pop("lanes_meeting_goal")

        min_fit = d.pop("min_fit")

        scored = d.pop("scored")

        window_calibration = cls(
            data=data,
            goal_extra_width_days=goal_extra_width_days,
            goal_inside=goal_inside,
            holdout_share=holdout_share,
            inside=inside,
            lanes=lanes,
            lanes_meeting_goal=lanes_meeting_goal,
            min_fit=min_fit,
            scored=scored,
        )

        window_calibration.additional_properties = d
        return window_calibration

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
