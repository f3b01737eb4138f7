"""The default rule data files: every file loads, and a bad row or date is refused with its place named."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.topics import DEFAULTS, load_default_data
from compliance.topics.customs import defaults as customs_defaults
from compliance.topics.market import DEFAULT_DATA, MARKETS

GOOD = """\
jurisdiction: XX
name: Test land
rule_sets:
- key: xx-taxes
  topic: taxes
  name: 'Test land: import VAT'
  countries: [DE]
  versions:
  - effective_from: 2024-01-01
    effective_to: 2025-01-01
    reason: a rate
    source_url: https://example.org/vat
    rows:
    - {kind: vat, rate: '19', label: import VAT}
    tests:
    - name: DE 19%
      input: {country: DE, origin: CN, currency: EUR, lines: [{hs_code: '610910', value: '100'}]}
      expect: {taxes: '19.00'}
"""


def test_every_jurisdiction_file_is_loaded_in_order() -> None:
    files = sorted(p.stem for p in customs_defaults.DATA.glob("*.yaml"))
    assert files == sorted(customs_defaults.JURISDICTIONS)
    keys = [rs.key for rs in DEFAULTS]
    assert keys.index("us-import-thresholds") < keys.index("eu-taxes") < keys.index("upu-cn22-cn23")
    assert len(keys) == len(set(keys))
    assert "DE" in customs_defaults.EU_MEMBERS
    assert len(customs_defaults.EU_MEMBERS) == 27
    assert DEFAULT_DATA.is_file()
    assert {"US", "GB", "ID", "DE"} <= set(MARKETS)


def test_a_file_loads_as_dated_versions(tmp_path: Path) -> None:
    path = tmp_path / "XX.yaml"
    path.write_text(GOOD)
    (rs,) = load_default_data(path)
    (v,) = rs.versions
    assert (rs.key, rs.topic, rs.countries) == ("xx-taxes", "taxes", ["DE"])
    assert v.effective_from.isoformat() == "2024-01-01T00:00:00+00:00"
    assert v.effective_to is not None
    assert v.effective_to.year == 2025
    assert v.rows == [{"kind": "vat", "rate": "19", "label": "import VAT"}]
    assert v.tests[0]["expect"] == {"taxes": "19.00"}


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (("rate: '19'", "rate: 19.5"), "rule set xx-taxes version 1 row 0"),
        (("rate: '19'", "rate: '-1'"), "rule set xx-taxes version 1 row 0"),
        (("countries: [DE]", "countries: [DE]\n  colour: red"), "XX.yaml"),
        (("effective_to: 2025-01-01", "effective_to: 2023-01-01"), "effective_to must be after"),
        (("topic: taxes", "topic: tariffs"), "unknown topic tariffs"),
        (("country: DE, origin: CN", "country: DE, origin: CHINA"), "test 'DE 19%'"),
    ],
)
def test_a_bad_file_is_refused_naming_the_place(tmp_path: Path, change: tuple[str, str], named: str) -> None:
    path = tmp_path / "XX.yaml"
    path.write_text(GOOD.replace(*change))
    with pytest.raises(ValueError, match=named.replace("(", r"\(")):
        load_default_data(path)
