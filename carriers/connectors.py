"""The karrio connectors a carrier can be set to (`Carrier.adapter`), and whether each is configured.

Plain data, no karrio import: the carrier network asks `configured` once per snapshot (not per quote) which
carriers have credentials, and only then is karrio imported (`carriers.adapters.karrio_adapter`), so a
service without credentials never pays for it.

Each connector reads its settings as `karrio_<name>_<field>` (`karrio_fedex_api_key`, ...): the `required`
fields must be set (a `SecretStr` must not be empty) for the connector to be live; the others are passed
when set. `services` maps our service codes to karrio's service names for the carrier: a carrier created
with that adapter names its services with these codes to be priced, booked and tracked live.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import SecretStr


@dataclass(frozen=True, slots=True)
class Connector:
    adapter: str
    """The `Carrier.adapter` value, e.g. `karrio_fedex`."""
    karrio_name: str
    """The karrio gateway, e.g. `fedex`."""
    prefix: str
    """The settings' prefix, e.g. `karrio_fedex_`."""
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    renamed: Mapping[str, str] = field(default_factory=dict)
    """Our field name -> karrio's settings key, where they differ."""
    services: Mapping[str, str] = field(default_factory=dict)
    """Our service code -> karrio's service name."""


CONNECTORS: dict[str, Connector] = {
    c.adapter: c
    for c in (
        Connector(
            "karrio_dhl_express",
            "dhl_express",
            "karrio_dhl_express_",
            required=("site_id", "password"),
            optional=("account_number", "account_country"),
            renamed={"account_country": "account_country_code"},
            services={
                "dhl-express-worldwide": "dhl_express_worldwide_nondoc",
                "dhl-express-economy": "dhl_economy_select_nondoc",
            },
        ),
        Connector(
            "karrio_fedex",
            "fedex",
            "karrio_fedex_",
            required=("api_key", "secret_key", "account_number"),
            optional=("track_api_key", "track_secret_key", "account_country"),
            renamed={"account_country": "account_country_code"},
            services={
                "fedex-international-priority": "fedex_international_priority",
                "fedex-international-economy": "fedex_international_economy",
                "fedex-international-connect-plus": "fedex_international_connect_plus",
            },
        ),
        Connector(
            "karrio_easyship",
            "easyship",
            "karrio_easyship_",
            required=("access_token",),
            optional=("account_country",),
            renamed={"account_country": "account_country_code"},
            services={
                "easyship-singpost-epack": "easyship_singpost_e_pack",
                "easyship-singpost-airmail": "easyship_singpost_airmail",
                "easyship-sf-express-eparcel": "easyship_sfexpress_mail",
                "easyship-fedex-international-priority": "easyship_fedex_international_priority",
            },
        ),
    )
}
LIVE_ADAPTERS = tuple(CONNECTORS)


def _value(settings: object, name: str) -> str | None:
    value = getattr(settings, name, None)
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    return str(value) if value not in (None, "") else None


def gateway_settings(adapter: str, settings: object, *, carrier_code: str) -> dict[str, Any] | None:
    """The karrio gateway settings of `adapter` read from `settings`, or None when it is not a karrio
    connector or its required credentials are missing. The secrets are in the returned dict: hand it to
    karrio and do not log it."""
    connector = CONNECTORS.get(adapter)
    if connector is None:
        return None
    values: dict[str, Any] = {}
    for name in connector.required:
        value = _value(settings, connector.prefix + name)
        if value is None:
            return None
        values[connector.renamed.get(name, name)] = value
    for name in connector.optional:
        value = _value(settings, connector.prefix + name)
        if value is not None:
            values[connector.renamed.get(name, name)] = value
    values["carrier_id"] = carrier_code
    values["test_mode"] = bool(getattr(settings, connector.prefix + "test_mode", True))
    return values


def configured(adapter: str, settings: object) -> bool:
    """Whether `adapter` is a karrio connector whose credentials are set in `settings`."""
    return gateway_settings(adapter, settings, carrier_code="-") is not None
