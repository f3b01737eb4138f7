"""The default customs rule data: one YAML file per jurisdiction in `data/`, loaded once at import.

Facts from shared/reference/regional-rules-2026.md, with their dates and sources. History is modelled from
2020-01-01 (earlier dates have no rows: the landed cost refuses them); a version's reason says when its rule
really started when that is earlier. Duty rates are indicative MFN rates for common headings (the row notes
say so); values marked unconfirmed in the reference ship with `unconfirmed: true`.
"""

from __future__ import annotations

from pathlib import Path

from compliance.topics import DefaultRuleSet, add_defaults, load_default_data

DATA = Path(__file__).parent / "data"

JURISDICTIONS = (
    "US", "EU", "IT", "FR", "GB", "AU", "CA", "ID", "MX", "BR", "JP", "SG", "TH", "PH", "MY", "VN", "UPU",
)  # fmt: skip
"""The files of `data/`, in the order their rule sets are loaded (UPU: every destination's postal forms)."""

RULE_SETS: tuple[DefaultRuleSet, ...] = tuple(
    rs for jurisdiction in JURISDICTIONS for rs in load_default_data(DATA / f"{jurisdiction}.yaml")
)


def _countries_of(key: str) -> tuple[str, ...]:
    return tuple(next(rs.countries or [] for rs in RULE_SETS if rs.key == key))


EU_MEMBERS = _countries_of("eu-taxes")
"""The member states, as the EU's import VAT rule set scopes them."""

add_defaults(*RULE_SETS)
