"""Examples for the OpenAPI document: the schema's own where it has one, else one made from the schema.

A request or response schema that declares `examples` (a pydantic model's `model_config =
ConfigDict(json_schema_extra={"examples": [...]})`, or a field's `examples=`) is shown with its first one.
Anything else gets an example built from its JSON schema: constants, enums and defaults first, then a value
of the declared type and format within its bounds, chosen by the field's name where the name says what it
holds (a currency, a country, an id of a known kind). Every example in the document, made or declared, is
checked against its schema by the OpenAPI walk in the tests.
"""

from __future__ import annotations

from typing import Any

MAX_DEPTH = 8
"""A recursive schema (a rule's expression tree) is cut here: optional parts left out, lists left empty."""
ULID = "01JF8Z3K9V6Q2W4X5Y7Z8A9B0C"
ID_PREFIXES = {
    "merchant": "mer",
    "quote": "quo",
    "option": "qopt",
    "order": "ord",
    "shipment": "shp",
    "payout": "po",
    "run": "run",
    "return": "ret",
    "creator": "cre",
    "key": "key",
    "plan": "afp",
    "fee": "slf",
    "endpoint": "whe",
    "delivery": "whd",
    "sheet": "rsh",
    "change": "psc",
    "product": "prd",
    "event": "evt",
    "carrier": "car",
    "service": "svc",
    "batch": "bat",
    "remittance": "trm",
    "booking": "bkg",
    "release": "rel",
    "decision": "dec",
    "user": "usr",
}
"""Public id prefixes (`core.ids`) by the word a field's name starts with: `payout_id` -> `po_...`."""
BY_NAME: dict[str, Any] = {
    "currency": "EUR",
    "settlement_currency": "EUR",
    "base": "EUR",
    "quote_currency": "USD",
    "target_currency": "USD",
    "country": "DE",
    "origin_country": "CN",
    "destination_country": "DE",
    "email": "ops@shop.example",
    "url": "https://shop.example/webhooks/tradelane",
    "name": "Batik Works",
    "label": "shop backend",
    "hs_code": "610910",
    "sku": "TEE-BASIC-M",
    "postal_code": "10115",
    "city": "Berlin",
    "timezone": "Europe/Berlin",
    "reason": "customer asked to cancel",
    "note": "checked with the carrier",
    "period": "2026-03",
    "month": "2026-03",
}
"""Values for fields whose names say what they hold (tried on the full name, then its last word)."""
FORMATS = {
    "date-time": "2026-03-02T09:30:00Z",
    "date": "2026-03-02",
    "time": "09:30:00",
    "email": "ops@shop.example",
    "uri": "https://shop.example/webhooks/tradelane",
    "uuid": "6f1c2d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f",
    "duration": "P3D",
}
PATTERNS = {
    r"^\d+(\.\d+)?$": "12.50",
    r"^[a-z0-9][a-z0-9-]{1,39}$": "standard-eu",
    r"^[A-Za-z0-9._\-]+$": "TEE-BASIC-M",
    r"^([01]\d|2[0-3]):[0-5]\d$": "14:00",
    r"^@\S+$": "@batik.works",
    r"^[a-z0-9][a-z0-9\-]{1,78}[a-z0-9]$": "eu-duty-rates",
    r"^[A-Z0-9\-]{2,20}$": "DHL-EXPRESS",
}
"""Strings that match the patterns the schemas use; a new pattern needs an entry or a declared example."""


class ExampleMaker:
    """Examples for the schemas of one OpenAPI document (`components` resolves `$ref`s)."""

    def __init__(self, components: dict[str, Any]) -> None:
        self.schemas: dict[str, Any] = components.get("schemas", {})
        self._made: dict[str, Any] = {}

    def example(self, schema: dict[str, Any], name: str = "", depth: int = 0) -> Any:
        ref = schema.get("$ref")
        if isinstance(ref, str):
            return self._component(ref.rsplit("/", 1)[-1], name, depth)
        for key in ("examples", "example", "const"):
            if key in schema:
                value = schema[key]
                return value[0] if key == "examples" and isinstance(value, list) and value else value
        if schema.get("enum"):
            return schema["enum"][0]
        if schema.get("default") is not None:
            return schema["default"]
        for key in ("anyOf", "oneOf"):
            if key in schema:
                branches = [b for b in schema[key] if b.get("type") != "null"] or schema[key]
                return self.example(branches[0], name, depth)
        if "allOf" in schema:
            merged: dict[str, Any] = {}
            for part in schema["allOf"]:
                value = self.example(part, name, depth)
                if not isinstance(value, dict):
                    return value
                merged.update(value)
            return merged
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "null")
        maker = getattr(self, f"_{kind}", None) if isinstance(kind, str) else None
        if maker is None:
            return self._object(schema, name, depth) if "properties" in schema else "example"
        result: Any = maker(schema, name, depth)
        return result

    def _component(self, key: str, name: str, depth: int) -> Any:
        schema = self.schemas.get(key, {})
        declared = schema.get("examples")
        if isinstance(declared, list) and declared:
            return declared[0]
        if depth >= MAX_DEPTH:
            return self.example({k: v for k, v in schema.items() if k != "$ref"}, name, MAX_DEPTH + 1)
        if key not in self._made:
            self._made[key] = self.example(schema, name, depth + 1)
        return self._made[key]

    def _object(self, schema: dict[str, Any], _name: str, depth: int) -> dict[str, Any]:
        properties: dict[str, Any] = schema.get("properties", {})
        required = set(schema.get("required", []))
        out = {
            key: self.example(sub, key, depth + 1)
            for key, sub in properties.items()
            if key in required or depth < MAX_DEPTH
        }
        extra = schema.get("additionalProperties")
        if not properties and isinstance(extra, dict) and extra:
            names = schema.get("propertyNames", {})
            key = self.example(names, "sku") if names else "TEE-BASIC-M"
            out[str(key)] = self.example(extra, "", depth + 1)
        return out

    def _array(self, schema: dict[str, Any], name: str, depth: int) -> list[Any]:
        if "prefixItems" in schema:  # a tuple: (latitude, longitude), (length, width, height)
            return [self.example(item, name, depth + 1) for item in schema["prefixItems"]]
        if depth > MAX_DEPTH and not schema.get("minItems"):
            return []
        item = self.example(schema.get("items", {}), _singular(name), depth + 1)
        count = max(1, int(schema.get("minItems", 1)))
        if schema.get("uniqueItems") and count > 1:
            return [item] if not isinstance(item, str) else [f"{item}{i}" for i in range(count)]
        return [item] * min(count, int(schema.get("maxItems", count)))

    def _string(self, schema: dict[str, Any], name: str, _depth: int) -> str:
        value = _string_for(schema, name)
        low, high = int(schema.get("minLength", 0)), schema.get("maxLength")
        if len(value) < low:
            value = value + "x" * (low - len(value))
        if high is not None and len(value) > int(high):
            value = value[: int(high)]
        return value

    def _integer(self, schema: dict[str, Any], name: str, _depth: int) -> int:
        return int(_number_for(schema, name, 1))

    def _number(self, schema: dict[str, Any], name: str, _depth: int) -> float | int:
        return _number_for(schema, name, 1)

    def _boolean(self, _schema: dict[str, Any], _name: str, _depth: int) -> bool:
        return True

    def _null(self, _schema: dict[str, Any], _name: str, _depth: int) -> None:
        return None


def _singular(name: str) -> str:
    if name.endswith("ies"):
        return name[:-3] + "y"
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


def _string_for(schema: dict[str, Any], name: str) -> str:
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        sample = PATTERNS.get(pattern)
        if sample is not None:
            return sample
    fmt = schema.get("format")
    if isinstance(fmt, str) and fmt in FORMATS:
        return FORMATS[fmt]
    for candidate in (name, name.rsplit("_", 1)[-1]):
        if isinstance(BY_NAME.get(candidate), str):
            return str(BY_NAME[candidate])
    if name.endswith("_id") or name == "id":
        prefix = ID_PREFIXES.get(name.removesuffix("_id").rsplit("_", 1)[-1])
        return f"{prefix}_{ULID}" if prefix else ULID
    if name.endswith("_at"):
        return FORMATS["date-time"]
    return name.replace("_", " ") if name else "example"


def _number_for(schema: dict[str, Any], name: str, fallback: int) -> float | int:
    value: float | int = 2500 if name.endswith(("_minor", "amount")) else fallback
    if name.endswith(("_kg", "weight")):
        value = 2
    if "minimum" in schema:
        value = max(value, schema["minimum"])
    if "exclusiveMinimum" in schema:
        floor = schema["exclusiveMinimum"]
        value = max(value, floor + 1 if schema.get("type") == "integer" else floor + 0.5)
    if "maximum" in schema:
        value = min(value, schema["maximum"])
    if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
        ceiling = schema["exclusiveMaximum"]
        value = ceiling - 1 if schema.get("type") == "integer" else ceiling / 2
    step = schema.get("multipleOf")
    if step:
        value = round(value / step) * step or step
    return value
