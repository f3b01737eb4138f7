"""The customs topics: import thresholds (de minimis), duties, taxes and documents, with dated default data.

- `models`: the row types of each topic's table (what an officer edits).
- `engine`: how the rows answer one consignment; pure, shared by the topics' `evaluate` and by the landed cost
  in `customs/`.
- `topic`: the questions each table answers in JSON, registered with compliance.
- `defaults`: the default data, one YAML file per jurisdiction in `data/`, validated by the row models.
"""

from __future__ import annotations

from compliance.topics.customs import topic as topic
from compliance.topics.customs.defaults import EU_MEMBERS
from compliance.topics.customs.engine import (
    Consignment,
    Line,
    MissingRate,
    assess_threshold,
    compute_duties,
    compute_taxes,
    quantize,
    required_documents,
)
from compliance.topics.customs.models import DocumentRow, DutyRow, ImportThresholdRow, Region, TaxRow

__all__ = [
    "EU_MEMBERS",
    "Consignment",
    "DocumentRow",
    "DutyRow",
    "ImportThresholdRow",
    "Line",
    "MissingRate",
    "Region",
    "TaxRow",
    "assess_threshold",
    "compute_duties",
    "compute_taxes",
    "quantize",
    "required_documents",
]
