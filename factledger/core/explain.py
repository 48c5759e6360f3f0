"""A conflict in plain words, built from its structure: who says what, about what, where, when.

"The health ministry says 40 people were killed in Anytown on 3 May 2024; the civil
defence says at least 55. The two cannot both hold." Figures are quoted as written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from factledger.core.eventframes import ArticleFrame, iso_day
from factledger.core.models import Claim
from factledger.core.slots import Slot

_VERBS = {
    "killed": "were killed",
    "injured": "were injured",
    "missing": "are missing",
    "displaced": "were displaced",
    "homeless": "were left homeless",
    "trapped": "were trapped",
    "arrested": "were arrested",
    "detained": "were detained",
    "participants": "took part",
    "buildings_damaged": "were damaged",
    "buildings_destroyed": "were destroyed",
    "property_damaged": "were damaged",
    "attacks": "were counted",
    "rescued": "were rescued",
    "hospitalized": "are in hospital",
    "critical_condition": "are in critical condition",
    "bodies_recovered": "were recovered",
    "in_need": "are in need",
}
_MEASURES = {
    "recent": " in the last hours",
    "forecast": " (a forecast)",
    "feared": " (feared)",
}
_ENDINGS = {
    "hard_conflict": "The two cannot both hold.",
    "divergence": "The estimates are far apart.",
    "self_contradiction": "One report cannot hold both.",
}
_MANY_ENDINGS = {
    "hard_conflict": "They cannot all hold.",
    "divergence": "The estimates are far apart.",
    "self_contradiction": "One report cannot hold them all.",
}


def explain(
    kind: str, slot: Slot, sides: Sequence[tuple[str, Sequence[Claim]]], frames: Mapping[str, ArticleFrame]
) -> str:
    """One or two sentences: each side's figures, the first with what, where and when."""
    clauses = []
    for index, (source, claims) in enumerate(sides):
        figures = " and ".join(_as_written(c) for c in claims)
        says = f"{_speaker(source, frames)} says {figures}"
        clauses.append(says + (_what(slot, claims[0]) if index == 0 else ""))
    endings = _ENDINGS if len(sides) <= 2 else _MANY_ENDINGS
    text = "; ".join(clauses) + ". " + endings.get(kind, "")
    return text[0].upper() + text[1:]


def _as_written(claim: Claim) -> str:
    text = " ".join(claim.number_text.split())
    return text[0].lower() + text[1:] if text[:1].isupper() and not text[:2].isupper() else text


def _speaker(source: str, frames: Mapping[str, ArticleFrame]) -> str:
    if source.startswith("report:"):
        frame = frames.get(source.removeprefix("report:"))
        outlet = frame.outlet if frame is not None else None
        return f"a report in {outlet}" if outlet else "an unattributed report"
    return source if source[:1].isupper() else f"the {source}"


def _what(slot: Slot, claim: Claim) -> str:
    """ " people were killed in Anytown on 3 May 2024" for the first side's figure."""
    noun = claim.subject if slot.unit == "people" else slot.unit
    verb = _VERBS.get(slot.category, "were counted")
    where = f" in {_place(slot, claim)}" if slot.place and slot.place != "?" else ""
    when = _when(slot)
    return f" {noun} {verb}{_MEASURES.get(slot.measure, '')}{where}{when}"


def _place(slot: Slot, claim: Claim) -> str:
    """The place as the figure's text writes it when it names the slot's place (its name,
    without the country a resolved place key adds: "aleppo, syria" is written "Aleppo")."""
    written = claim.location or ""
    name = slot.place.split(",")[0].strip()
    if name.lower() in written.lower():
        start = written.lower().index(name.lower())
        return written[start : start + len(name)]
    return name.title()


def _when(slot: Slot) -> str:
    day = iso_day(slot.time) if slot.time else iso_day(slot.day)
    if day is None:
        return f" in {slot.time}" if slot.time else ""
    parsed = date.fromisoformat(day)
    return f" on {parsed.day} {parsed.strftime('%B')} {parsed.year}"
