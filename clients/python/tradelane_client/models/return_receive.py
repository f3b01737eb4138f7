from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.return_receive_refundable_quantity_type_0 import ReturnReceiveRefundableQuantityType0
    from ..models.return_receive_restockable_quantity import ReturnReceiveRestockableQuantity


T = TypeVar("T", bound="ReturnReceive")


@_attrs_define
class ReturnReceive:
    """
    Attributes:
        refundable_quantity (None | ReturnReceiveRefundableQuantityType0 | Unset):
        reject (bool | Unset):  Default: False.
        restockable_quantity (ReturnReceiveRestockableQuantity | Unset):
    """

    refundable_quantity: None | ReturnReceiveRefundableQuantityType0 | Unset = UNSET
    reject: bool | Unset = False
    restockable_quantity: ReturnReceiveRestockableQuantity | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.return_receive_refundable_quantity_type_0 import ReturnReceiveRefundableQuantityType0  # noqa: PLC0415

        refundable_quantity: dict[str, Any] | None | Unset
        if isinstance(self.refundable_quantity, Unset):
            refundable_quantity = UNSET
        elif isinstance(self.refundable_quantity, ReturnReceiveRefundableQuantityType0):
            refundable_quantity = self.refundable_quantity.to_dict()
        else:
            refundable_quantity = self.refundable_quantity

        reject = self.reject

        restockable_quantity: dict[str, Any] | Unset = UNSET
        if not isinstance(self.restockable_quantity, Unset):
            restockable_quantity = self.restockable_quantity.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if refundable_quantity is not UNSET:
            field_dict["refundable_quantity"] = refundable_quantity
        if reject is not UNSET:
            field_dict["reject"] = reject
        if restockable_quantity is not UNSET:
            field_dict["restockable_quantity"] = restockable_quantity

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.return_receive_refundable_quantity_type_0 import ReturnReceiveRefundableQuantityType0  # noqa: PLC0415
        from ..models.return_receive_restockable_quantity import ReturnReceiveRestockableQuantity  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_refundable_quantity(data: object) -> None | ReturnReceiveRefundableQuantityType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                refundable_quantity_type_0 = ReturnReceiveRefundableQuantityType0.from_dict(data)

                return refundable_quantity_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReturnReceiveRefundableQuantityType0 | Unset, data)

        refundable_quantity = _parse_refundable_quantity(d.pop("refundable_quantity", UNSET))

        reject = d.pop("reject", UNSET)

        _restockable_quantity = d.pop("restockable_quantity", UNSET)
        restockable_quantity: ReturnReceiveRestockableQuantity | Unset
        if isinstance(_restockable_quantity, Unset):
            restockable_quantity = UNSET
        else:
            restockable_quantity = ReturnReceiveRestockableQuantity.from_dict(_restockable_quantity)

        return_receive = cls(
            refundable_quantity=refundable_quantity,
            reject=reject,
            restockable_quantity=restockable_quantity,
        )

        return return_receive
