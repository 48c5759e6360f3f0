"""Content addressing: canonical JSON and algorithm-tagged hashes.

An id is `sha256:<hex>` of the canonical JSON of a record's content (sorted keys, no
whitespace, UTF-8), so the same content always gets the same id on every machine.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
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


# Member lists: an activity's inputs and outputs, stored as one blob of binary digests.
DIGEST_BYTES = 32
_PREFIX = f"{HASH_ALGORITHM}:"


def id_digest(record_id: str) -> bytes:
    """The 32 bytes an algorithm-tagged id stands for ("sha256:<hex>" -> its digest)."""
    if not record_id.startswith(_PREFIX) or len(record_id) != len(_PREFIX) + 2 * DIGEST_BYTES:
        raise ValueError(f"not a {HASH_ALGORITHM} id: {record_id!r}")
    return bytes.fromhex(record_id[len(_PREFIX) :])


def digest_id(digest: bytes) -> str:
    """The algorithm-tagged id of 32 digest bytes."""
    return f"{_PREFIX}{bytes(digest).hex()}"


def pack_ids(ids: Iterable[str]) -> bytes:
    """Ids as one blob: their digests, sorted as their hex ids sort (repeats kept, as a content list)."""
    return b"".join(sorted(id_digest(record_id) for record_id in ids))


def unpack_ids(blob: bytes | None) -> list[str]:
    """The ids a packed blob holds, in order."""
    data = bytes(blob or b"")
    if len(data) % DIGEST_BYTES:
        raise ValueError(f"a member list of {len(data)} bytes is not a whole number of digests")
    return [digest_id(data[i : i + DIGEST_BYTES]) for i in range(0, len(data), DIGEST_BYTES)]


def blob_holds(blob: bytes | None, record_id: str) -> bool:
    """Whether a packed blob holds an id (a binary search: the digests are sorted)."""
    data, wanted = bytes(blob or b""), id_digest(record_id)
    low, high = 0, len(data) // DIGEST_BYTES
    while low < high:
        middle = (low + high) // 2
        found = data[middle * DIGEST_BYTES : (middle + 1) * DIGEST_BYTES]
        if found == wanted:
            return True
        low, high = (middle + 1, high) if found < wanted else (low, middle)
    return False
