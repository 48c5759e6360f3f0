"""The chat-completions extractor, with the model's endpoint replaced at the network edge."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from factledger.core.extract import Extractor
from factledger.core.models import Article
from factledger.pipeline import StepRun, process_batch, read_documents
from factledger.settings import CHECKOUT
from factledger.sources.llm_extractor import PROMPT_HASH, LLMExtractor, LLMResponseError, parse_figures
from factledger.store import Store

URL = "http://llm.test/v1/chat/completions"
EXPECTATIONS = CHECKOUT / "expectations"
TEXT = (
    "Syria report\n"
    "At least 15 people were killed in western Aleppo on Friday, including 4 children, "
    "the Syrian Observatory said.\n"
    "State media said 15 people were injured."
)
ARTICLE = Article("sha256:doc", 0, len(TEXT), None, "CNN", None, "2016-10-28", skip_spans=((0, 12),))
KILLED = {
    "number_text": "At least 15",
    "quote": "At least 15 people were killed in western Aleppo on Friday,",
    "value_low": 15,
    "value_high": None,
    "qualifier": "at_least",
    "category": "killed",
    "subject": "people",
    "location": "western Aleppo",
    "date": "2016-10-28",
    "date_text": "on Friday",
    "source": "the Syrian Observatory",
    "source_type": "monitor",
    "parent": None,
}
CHILDREN = {
    "number_text": "4",
    "value_low": 4,
    "value_high": 4,
    "qualifier": "exact",
    "category": "killed",
    "subject": "children",
    "source": "the Syrian Observatory",
    "parent": 0,
}
INJURED = {
    "number_text": "15",
    "quote": "State media said 15 people were injured.",
    "value_low": 15,
    "value_high": 15,
    "qualifier": "exact",
    "category": "injured",
    "subject": "people",
    "date": "last Friday",
    "source": "State media",
}


def answer(content: str) -> dict[str, Any]:
    return {"choices": [{"message": {"role": "assistant", "content": content}}]}


def extractor_answering(content: str, seen: list[dict[str, Any]] | None = None) -> LLMExtractor:
    def reply(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(json.loads(request.content))
        return httpx.Response(200, json=answer(content))

    return LLMExtractor(httpx.Client(transport=httpx.MockTransport(reply)), URL, "tiny-1")


def test_llm_extractor_maps_figures_back_to_exact_offsets() -> None:
    extractor = extractor_answering(json.dumps([KILLED, CHILDREN, INJURED]))
    claims = extractor.extract(TEXT, [ARTICLE])
    assert [(c.start, c.end, TEXT[c.start : c.end], c.number_text) for c in claims] == [
        (13, 24, "At least 15", "At least 15"),
        (83, 84, "4", "4"),
        (141, 143, "15", "15"),
    ]
    assert [(c.quote_start, c.quote_end) for c in claims] == [(13, 123), (13, 123), (124, 164)]


def test_llm_extractor_builds_full_claims_with_its_version() -> None:
    killed, children, injured = extractor_answering(json.dumps([KILLED, CHILDREN, INJURED])).extract(
        TEXT, [ARTICLE]
    )
    assert (killed.value_low, killed.value_high, killed.qualifier, killed.category, killed.location) == (
        15,
        None,
        "at_least",
        "killed",
        "western Aleppo",
    )
    assert (killed.date, killed.date_text, killed.source_type, killed.source_chain) == (
        "2016-10-28",
        "on Friday",
        "monitor",
        ("CNN", "Syrian Observatory for Human Rights"),
    )
    assert (children.parent_id, children.subject) == (killed.id, "children")
    # a date that is not ISO falls back to publication; a missing source type is classified
    assert (injured.date, injured.source_type, injured.source_chain) == (
        "2016-10-28",
        "state_media",
        ("CNN", "state media"),
    )
    assert killed.extractor_version == f"llm-1+tiny-1+prompt-{PROMPT_HASH}"


def test_llm_extractor_drops_figures_not_found_verbatim_or_outside_the_vocabulary() -> None:
    invented = dict(KILLED, number_text="at least 16", quote="At least 16 people were killed")
    bad_category = dict(INJURED, category="injuries")
    reversed_range = dict(INJURED, value_low=20, value_high=10)
    in_title = dict(INJURED, number_text="report", quote=None)
    items = [invented, bad_category, reversed_range, in_title, CHILDREN]
    claims = extractor_answering(json.dumps(items)).extract(TEXT, [ARTICLE])
    assert [(c.number_text, c.parent_id) for c in claims] == [("4", None)]


def test_llm_extractor_posts_the_article_without_its_boilerplate() -> None:
    seen: list[dict[str, Any]] = []
    extractor_answering("[]", seen).extract(TEXT, [ARTICLE])
    [request] = seen
    assert (request["model"], request["temperature"], request["messages"][0]["role"]) == (
        "tiny-1",
        0,
        "system",
    )
    assert request["messages"][1]["content"] == (
        "Published: 2016-10-28\nOutlet: CNN\n\n"
        "At least 15 people were killed in western Aleppo on Friday, including 4 children, "
        "the Syrian Observatory said.\nState media said 15 people were injured."
    )


def test_parse_figures_reads_fenced_and_wrapped_answers() -> None:
    fenced = answer('```json\n[{"number_text": "3"}]\n```')
    wrapped = answer('{"figures": [{"number_text": "5"}, "noise"]}')
    assert (parse_figures(fenced), parse_figures(wrapped)) == ([{"number_text": "3"}], [{"number_text": "5"}])


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"choices": []}, "no message content"),
        (answer("not json"), "not JSON"),
        (answer('{"n": 1}'), "not a list"),
    ],
)
def test_parse_figures_refuses_unreadable_answers(body: dict[str, Any], message: str) -> None:
    with pytest.raises(LLMResponseError, match=message):
        parse_figures(body)


def test_llm_extractor_raises_on_an_http_error() -> None:
    client = httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(503)))
    with pytest.raises(httpx.HTTPStatusError):
        LLMExtractor(client, URL, "tiny-1").extract(TEXT, [ARTICLE])


def test_extract_documents_records_the_llm_extractor_version_in_provenance(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("State media said 15 people were injured.\n", encoding="utf-8")
    store = Store.open(f"sqlite:///{tmp_path / 'llm.db'}")
    extractor: Extractor = extractor_answering(json.dumps([INJURED]))
    try:
        read = read_documents([path], StepRun())
        processed = process_batch(read, store, EXPECTATIONS, StepRun(), extractor)
        [claim] = processed.extracted.claims
        [activity] = [a for a in store.activities() if a.step == "extract"]
    finally:
        store.close()
    assert (claim.number_text, claim.extractor_version) == ("15", extractor.version)
    assert activity.rules_version.endswith("+" + extractor.version)
