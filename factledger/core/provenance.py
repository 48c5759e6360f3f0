"""Content addressing: canonical JSON and algorithm-tagged hashes.

An id is `sha256:<hex>` of the canonical JSON of a record's content (sorted keys, no
whitespace, UTF-8), so the same content always gets the same id on every machine.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

HASH_ALGORITHM = "sha256"


def canonical_json(content: Mapping[str, Any]) -> str:
    """Serialise deterministically; floats that are whole numbers print as integers."""
    return json.dumps(_normalise(content), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_id(content: Mapping[str, Any]) -> str:
    """The algorithm-tagged hash of a record's canonical JSON."""
    digest = hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()
    return f"{HASH_ALGORITHM}:{digest}"


def bytes_id(data: bytes) -> str:
    """The id of raw bytes, in the same tagged form as content ids."""
    return f"{HASH_ALGORITHM}:{hashlib.sha256(data).hexdigest()}"


def _normalise(value: Any) -> Any:
    # 6.0 and 6 must hash alike: databases and JSON round-trips do not keep the difference.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_normalise(v) for v in value]
    return value
