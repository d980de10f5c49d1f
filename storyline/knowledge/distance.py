"""Great-circle distances in km, between coordinates and between places."""

from __future__ import annotations

import math

from storyline.model import Place

EARTH_DIAMETER_KM = 12742.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in km between two points in degrees (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return EARTH_DIAMETER_KM * math.asin(min(1.0, math.sqrt(h)))


def place_km(a: Place, b: Place) -> float:
    """Return the great-circle distance in km between two places."""
    return km(a.lat, a.lon, b.lat, b.lon)
