from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.ranking_parameter import RankingParameter


T = TypeVar("T", bound="Ranking")


@_attrs_define
class Ranking:
    """How the options are ordered (EU DSA art. 27): the objective and its main parameters, in words a
    shopper can read.

        Attributes:
            objective (str):
            parameters (list[RankingParameter]): In the order they decide
            summary (str):
            paid_placement (bool | Unset): Whether anyone paid for an option's place: never, in this service Default: False.
    """

    objective: str
    parameters: list[RankingParameter]
    summary: str
    paid_placement: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        objective = self.objective

        parameters = []
        for parameters_item_data in self.parameters:
            parameters_item = parameters_item_data.to_dict()
            parameters.append(parameters_item)

        summary = self.summary

        paid_placement = self.paid_placement

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "objective": objective,
                "parameters": parameters,
                "summary": summary,
            }
        )
        if paid_placement is not UNSET:
            field_dict["paid_placement"] = paid_placement

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ranking_parameter import RankingParameter  # noqa: PLC0415

        d = dict(src_dict)
        objective = d.pop("objective")

        parameters = []
        _parameters = d.pop("parameters")
        for parameters_item_data in _parameters:
            parameters_item = RankingParameter.from_dict(parameters_item_data)

            parameters.append(parameters_item)

        summary = d.pop("summary")

        paid_placement = d.pop("paid_placement", UNSET)

        ranking = cls(
            objective=objective,
            parameters=parameters,
            summary=summary,
            paid_placement=paid_placement,
        )

        ranking.additional_properties = d
        return ranking

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
