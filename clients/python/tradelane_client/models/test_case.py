from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.test_case_expect import TestCaseExpect
    from ..models.test_case_input import TestCaseInput


T = TypeVar("T", bound="TestCase")


@_attrs_define
class TestCase:
    """
    Attributes:
        expect (TestCaseExpect):
        input_ (TestCaseInput):
        name (str | Unset):  Default: ''.
    """

    expect: TestCaseExpect
    input_: TestCaseInput
    name: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        expect = self.expect.to_dict()

        input_ = self.input_.to_dict()

        name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "expect": expect,
                "input": input_,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.test_case_expect import TestCaseExpect  # noqa: PLC0415
        from ..models.test_case_input import TestCaseInput  # noqa: PLC0415

        d = dict(src_dict)
        expect = TestCaseExpect.from_dict(d.pop("expect"))

        input_ = TestCaseInput.from_dict(d.pop("input"))

        name = d.pop("name", UNSET)

        test_case = cls(
            expect=expect,
            input_=input_,
            name=name,
        )

        return test_case
