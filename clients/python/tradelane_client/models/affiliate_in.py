from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.affiliate_in_plan import AffiliateInPlan
from ..types import UNSET, Unset

T = TypeVar("T", bound="AffiliateIn")


@_attrs_define
class AffiliateIn:
    """The creator who brought the order. Its rate comes from the merchant's affiliate plans (targeted for
    the creator, else open, else the policy's); `plan` and `rate_bps` are kept for shops that state a
    targeted rate agreed outside Tradelane: it applies when the merchant has no targeted plan for the
    creator, and must match the plan's rate when it has one.

        Attributes:
            creator_id (str):
            plan (AffiliateInPlan | Unset):  Default: AffiliateInPlan.OPEN.
            rate_bps (int | None | Unset):
    """

    creator_id: str
    plan: AffiliateInPlan | Unset = AffiliateInPlan.OPEN
    rate_bps: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        creator_id = self.creator_id

        plan: str | Unset = UNSET
        if not isinstance(self.plan, Unset):
            plan = self.plan.value

        rate_bps: int | None | Unset
        if isinstance(self.rate_bps, Unset):
            rate_bps = UNSET
        else:
            rate_bps = self.rate_bps

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "creator_id": creator_id,
            }
        )
        if plan is not UNSET:
            field_dict["plan"] = plan
        if rate_bps is not UNSET:
            field_dict["rate_bps"] = rate_bps

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        creator_id = d.pop("creator_id")

        _plan = d.pop("plan", UNSET)
        plan: AffiliateInPlan | Unset
        if isinstance(_plan, Unset):
            plan = UNSET
        else:
            plan = AffiliateInPlan(_plan)

        def _parse_rate_bps(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        rate_bps = _parse_rate_bps(d.pop("rate_bps", UNSET))

        affiliate_in = cls(
            creator_id=creator_id,
            plan=plan,
            rate_bps=rate_bps,
        )

        return affiliate_in
