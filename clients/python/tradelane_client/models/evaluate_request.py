from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.evaluate_request_topic import EvaluateRequestTopic
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.evaluate_request_input import EvaluateRequestInput


T = TypeVar("T", bound="EvaluateRequest")


@_attrs_define
class EvaluateRequest:
    """
    Attributes:
        country (str):
        input_ (EvaluateRequestInput):
        topic (EvaluateRequestTopic):
        date (datetime.date | None | Unset):
        point (list[float] | None | Unset): (latitude, longitude)
    """

    country: str
    input_: EvaluateRequestInput
    topic: EvaluateRequestTopic
    date: datetime.date | None | Unset = UNSET
    point: list[float] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        country = self.country

        input_ = self.input_.to_dict()

        topic = self.topic.value

        date: None | str | Unset
        if isinstance(self.date, Unset):
            date = UNSET
        elif isinstance(self.date, datetime.date):
            date = self.date.isoformat()
        else:
            date = self.date

        point: list[float] | None | Unset
        if isinstance(self.point, Unset):
            point = UNSET
        elif isinstance(self.point, list):
            point = []
            for point_type_0_item_data in self.point:
                point_type_0_item: float
                point_type_0_item = point_type_0_item_data
                point.append(point_type_0_item)

        else:
            point = self.point

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "country": country,
                "input": input_,
                "topic": topic,
            }
        )
        if date is not UNSET:
            field_dict["date"] = date
        if point is not UNSET:
            field_dict["point"] = point

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evaluate_request_input import EvaluateRequestInput  # noqa: PLC0415

        d = dict(src_dict)
        country = d.pop("country")

        input_ = EvaluateRequestInput.from_dict(d.pop("input"))

        topic = EvaluateRequestTopic(d.pop("topic"))

        def _parse_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                date_type_0 = datetime.date.fromisoformat(data)

                return date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        date = _parse_date(d.pop("date", UNSET))

        def _parse_point(data: object) -> list[float] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                point_type_0 = []
                _point_type_0 = data
                for point_type_0_item_data in _point_type_0:

                    def _parse_point_type_0_item(data: object) -> float:
                        return cast(float, data)

                    point_type_0_item = _parse_point_type_0_item(point_type_0_item_data)

                    point_type_0.append(point_type_0_item)

                return point_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[float] | None | Unset, data)

        point = _parse_point(d.pop("point", UNSET))

        evaluate_request = cls(
            country=country,
            input_=input_,
            topic=topic,
            date=date,
            point=point,
        )

        return evaluate_request
