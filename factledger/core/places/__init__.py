"""Places: phrases as written, and the same phrases resolved against a gazetteer.

`parse_place`/`place_relation` read a phrase's own words (settlement, compass side,
district); `resolve_place` pins it to GeoNames records (settlement, region, country, ids),
and `contains`/`compatible`/`relate` answer containment between resolved places.
"""

from factledger.core.places.phrases import RELATIONS, Place, parse_place, place_relation
from factledger.core.places.resolve import (
    ResolvedPlace,
    claim_place,
    compatible,
    contains,
    place_by_id,
    relate,
    resolve_place,
)

__all__ = [
    "RELATIONS",
    "Place",
    "ResolvedPlace",
    "claim_place",
    "compatible",
    "contains",
    "parse_place",
    "place_by_id",
    "place_relation",
    "relate",
    "resolve_place",
]
