from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.evaluate_read_outcome import EvaluateReadOutcome


T = TypeVar("T", bound="EvaluateRead")


@_attrs_define
class EvaluateRead:
    """
    Attributes:
        decision_id (str):
        outcome (EvaluateReadOutcome):
        rules (list[str]):
    """

    decision_id: str
    outcome: EvaluateReadOutcome
    rules: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        decision_id = self.decision_id

        outcome = self.outcome.to_dict()

        rules = self.rules

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "decision_id": decision_id,
                "outcome": outcome,
                "rules": rules,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evaluate_read_outcome import EvaluateReadOutcome  # noqa: PLC0415

        d = dict(src_dict)
        decision_id = d.pop("decision_id")

        outcome = EvaluateReadOutcome.from_dict(d.pop("outcome"))

        rules = cast(list[str], d.pop("rules"))

        evaluate_read = cls(
            decision_id=decision_id,
            outcome=outcome,
            rules=rules,
        )

        evaluate_read.additional_properties = d
        return evaluate_read

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
