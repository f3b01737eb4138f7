from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.rule_set_create_topic import RuleSetCreateTopic
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.scope import Scope


T = TypeVar("T", bound="RuleSetCreate")


@_attrs_define
class RuleSetCreate:
    """
    Attributes:
        key (str):
        name (str):
        topic (RuleSetCreateTopic):
        description (str | Unset):  Default: ''.
        scope (Scope | Unset):
    """

    key: str
    name: str
    topic: RuleSetCreateTopic
    description: str | Unset = ""
    scope: Scope | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        key = self.key

        name = self.name

        topic = self.topic.value

        description = self.description

        scope: dict[str, Any] | Unset = UNSET
        if not isinstance(self.scope, Unset):
            scope = self.scope.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "key": key,
                "name": name,
                "topic": topic,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if scope is not UNSET:
            field_dict["scope"] = scope

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.scope import Scope  # noqa: PLC0415

        d = dict(src_dict)
        key = d.pop("key")

        name = d.pop("name")

        topic = RuleSetCreateTopic(d.pop("topic"))

        description = d.pop("description", UNSET)

        _scope = d.pop("scope", UNSET)
        scope: Scope | Unset
        if isinstance(_scope, Unset):
            scope = UNSET
        else:
            scope = Scope.from_dict(_scope)

        rule_set_create = cls(
            key=key,
            name=name,
            topic=topic,
            description=description,
            scope=scope,
        )

        return rule_set_create
