from __future__ import annotations

import pytest

from customs.hs import EDITION, HsCode, HsEntry, InvalidHsCodeError, describe, parse_hs_code, validate_hs_code


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("610910", "610910"),
        ("6109.10", "610910"),
        ("6109 10 00", "61091000"),
        ("6109.10.0012", "6109100012"),
        ("851713", "851713"),
        ("490199", "490199"),
        ("950300", "950300"),
        ("910211", "910211"),
        ("420222", "420222"),
        ("330499", "330499"),
        ("640399", "640399"),
        ("847130", "847130"),
    ],
)
def test_valid_codes_are_normalised(written: str, code: str) -> None:
    assert validate_hs_code(written) == code


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("", "6 to 10 digits"),
        ("6109", "6 to 10 digits"),
        ("61091", "6 to 10 digits"),
        ("61091000001", "6 to 10 digits"),
        ("61O910", "6 to 10 digits"),
        ("851712", "not a subheading of HS 2022 heading 8517"),  # smartphones were 851712 before HS 2022
        ("610999", "not a subheading of HS 2022 heading 6109"),
        ("999999", "not a subheading"),
        ("770000", "not a subheading"),
        ("980100", "not a subheading"),
    ],
)
def test_invalid_codes_say_why(written: str, message: str) -> None:
    with pytest.raises(InvalidHsCodeError, match=message):
        validate_hs_code(written)


def test_a_goods_code_knows_its_heading_chapter_and_section() -> None:
    code = parse_hs_code("6109100010")
    assert isinstance(code, HsCode)
    assert code.subheading.code == "610910"
    assert "cotton" in code.subheading.description
    assert code.heading.code == "6109"
    assert code.chapter.code == "61"
    assert code.subheading.section == "XI"
    assert code.subheading.section_name == "Textiles and textile articles"
    assert code.national_suffix == "0010"


def test_chapters_and_headings_can_be_described() -> None:
    chapter = describe("61")
    heading = describe("95.03")
    assert isinstance(chapter, HsEntry)
    assert (chapter.level, chapter.parent) == (2, None)
    assert isinstance(heading, HsEntry)
    assert (heading.level, heading.parent) == (4, "95")
    with pytest.raises(InvalidHsCodeError, match="not a chapter"):
        describe("77")
    with pytest.raises(InvalidHsCodeError, match="not a heading"):
        describe("9999")


def test_edition() -> None:
    assert EDITION == "HS 2022"
