"""Reading the review app's query strings and forms into checked values.

Every field a browser sends is untrusted: each is parsed here, and anything malformed is a
`BadInput` naming the field and what it must be, which the app answers with a 400 page.
Nothing reaches the queue or the database unchecked.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from factledger.review.queue import ACTIONS, ReviewError
from factledger.store.records import QUEUE_KINDS, QUEUE_STATES
from factledger.store.review import ItemFilter

ID = re.compile(r"^sha256:[0-9a-f]{64}$")
KEY = re.compile(r"^[\w:.-]{1,200}$")
WORD = re.compile(r"^[a-z_]{1,32}$")
MAX_INT = 2**31 - 1
MAX_FIGURE = 1e12  # more people than have ever lived; anything above is a slip
MAX_NOTE = 2000
MAX_TEXT = 200
MAX_SHOWN = 500  # items a bulk dismissal may name: what the queue page lists at most


class BadInput(ReviewError):
    """A field of a form or query string that is missing or malformed."""


@dataclass(frozen=True)
class DecisionForm:
    """A decision as posted from the item page, checked."""

    action: str
    version: int
    payload: dict[str, Any]
    note: str | None


def text(values: Mapping[str, Any], name: str, limit: int = MAX_TEXT) -> str:
    """A text field, stripped; refused when longer than `limit` or not text at all."""
    raw = values.get(name, "")
    if not isinstance(raw, str):
        raise BadInput(f"{name} must be text")
    value = raw.strip()
    if len(value) > limit:
        raise BadInput(f"{name} is too long: at most {limit} characters")
    if any(not ch.isprintable() and ch not in "\n\r\t" for ch in value):
        raise BadInput(f"{name} holds control characters")
    return value


def whole_number(values: Mapping[str, Any], name: str) -> int:
    """A required positive whole number (a version, a decision id)."""
    raw = text(values, name, 12)
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_INT:
        raise BadInput(f"{name} must be a whole number from 1, not {raw!r}")
    return int(raw)


def figure(values: Mapping[str, Any], name: str) -> float | None:
    """An optional count: a finite number, not negative; blank means open-ended."""
    raw = text(values, name, 32).replace(",", "")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not 0 <= value <= MAX_FIGURE:
        raise BadInput(f"{name} must be a number of at least 0 (blank for open-ended), not {raw!r}")
    return value


def record_id(values: Mapping[str, Any], name: str) -> str | None:
    """An optional content id (`sha256:<64 hex digits>`)."""
    raw = text(values, name, 80)
    if raw and not ID.match(raw):
        raise BadInput(f"{name} must be a sha256: id, not {raw[:80]!r}")
    return raw or None


def one_of(values: Mapping[str, Any], name: str, allowed: Sequence[str]) -> str | None:
    """An optional choice among `allowed`; blank means any."""
    raw = text(values, name, 32)
    if raw and raw not in allowed:
        raise BadInput(f"{name} must be one of {', '.join(allowed)}, not {raw!r}")
    return raw or None


@dataclass(frozen=True)
class QueueView:
    """What the queue page lists: `todo` (the default) means open, reopened or held items."""

    filter: ItemFilter
    todo: bool
    filtered: bool  # a filter beyond the state is set


def queue_view(values: Mapping[str, Any]) -> QueueView:
    """The queue page's filters; a blank state means the items to do, `any` means every state."""
    state = text(values, "state", 32)
    severity = text(values, "severity", 32)
    if severity and not WORD.match(severity):
        raise BadInput(f"severity must be a word such as high or warning, not {severity!r}")
    wanted = ItemFilter(
        state=one_of(values, "state", QUEUE_STATES) if state != "any" else None,
        kind=one_of(values, "kind", QUEUE_KINDS),
        severity=severity or None,
        event=text(values, "event") or None,
        reviewer=text(values, "reviewer", 64) or None,
    )
    filtered = any((wanted.kind, wanted.severity, wanted.event, wanted.reviewer))
    return QueueView(wanted, todo=not state, filtered=filtered)


def decision_form(values: Mapping[str, Any]) -> DecisionForm:
    """The item page's decision form: action, version, the action's payload and the note."""
    action = text(values, "action", 32)
    if action not in ACTIONS:
        raise BadInput(f"unknown action {action!r}; one of {', '.join(ACTIONS)}")
    version = whole_number(values, "version")
    note = text(values, "note", MAX_NOTE) or None
    return DecisionForm(action, version, decision_payload(action, values), note)


def decision_payload(action: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """What an action is about: a figure, a range, the figures split off, or the decision reverted."""
    if action == "revert":
        return {"decision_id": whole_number(values, "decision_id")}
    claim_id = record_id(values, "claim_id")
    if action == "split":
        return {"claim_ids": [claim_id] if claim_id else []}
    return {"claim_id": claim_id, "low": figure(values, "low"), "high": figure(values, "high")}


def shown_items(values: Sequence[str]) -> list[tuple[str, int]]:
    """The (key, version) pairs a bulk form names, as `key@version`; each must be well formed."""
    if len(values) > MAX_SHOWN:
        raise BadInput(f"a bulk action names at most {MAX_SHOWN} items")
    found = []
    for value in values:
        key, _, version = value.partition("@")
        if not KEY.match(key) or not version.isascii() or not version.isdigit() or len(version) > 9:
            raise BadInput(f"item must be <key>@<version>, not {value[:80]!r}")
        found.append((key, int(version)))
    return found
