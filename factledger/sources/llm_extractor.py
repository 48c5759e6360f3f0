"""An extractor that asks a language model, over an OpenAI-compatible chat-completions API.

Each article's text is posted with instructions to list its figures as JSON. The model's
answer is never trusted for positions: every figure is looked up verbatim in the article
(inside its quote when the model gives one, else after the previous figure) and a figure
whose text is not found is dropped, so offsets stay exact like the rule extractor's. Values,
categories and qualifiers outside the product's vocabulary are dropped too.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from factledger.core.attribution import Attribution, build_source_chain, classify_source
from factledger.core.extract import Sentence, split_sentences
from factledger.core.models import CATEGORIES, QUALIFIERS, SOURCE_TYPES, Article, Claim, Number
from factledger.errors import ConfigError
from factledger.settings import ExtractorSettings

LLM_EXTRACTOR_VERSION = "llm-1"
LLM_TIMEOUT_SECONDS = 120.0
PROMPT = """You extract numeric claims from news reports for fact-checkers.
Return only a JSON list, one object per figure that counts something (people killed,
injured, missing, displaced, rescued, in hospital, in a crowd, arrested; buildings damaged or
destroyed, attacks, shares, durations). Skip ages, years, dates, clock times, magnitudes,
money, ordinals and numbers inside names. Each object has:
  "number_text": the figure exactly as written, with its hedge ("at least 15", "dozens"),
  "quote": the sentence it is in, copied exactly,
  "value_low", "value_high": the figure as an interval of numbers, null for an open end,
  "qualifier": one of exact, at_least, more_than, up_to, less_than, almost, about, range, vague,
  "category": one of killed, injured, missing, displaced, homeless, trapped, rescued,
    hospitalized, critical_condition, bodies_recovered, in_need, participants, arrested,
    detained, buildings_damaged, buildings_destroyed, property_damaged, attacks, population,
    share, ratio, duration, other,
  "subject": who or what is counted (civilians, children, women, people, fighters, ...),
  "location": the place phrase as written or null,
  "date": an ISO date or "start/end" window resolved against the publication date, or null,
  "date_text": the time phrase as written or null,
  "source": who says so, as written, or null,
  "source_type": one of monitor, state_media, government, un_agency, party_to_conflict,
    journalist, witness, unattributed,
  "parent": for a sub-count ("including 17 women"), the index in this list of the count it
    breaks down, else null."""
PROMPT_HASH = hashlib.sha256(PROMPT.encode("utf-8")).hexdigest()[:12]
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:/\d{4}-\d{2}-\d{2})?")
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


class LLMResponseError(ValueError):
    """The endpoint answered, but not with a readable list of figures."""


@dataclass(frozen=True)
class _Placed:
    """A model's figure with its verified offsets in the document text."""

    item: dict[str, Any]
    start: int
    end: int
    sentence: Sentence


class LLMExtractor:
    """Claims from a chat-completions model; offsets verified against the text."""

    def __init__(self, client: httpx.Client, url: str, model: str) -> None:
        self.client = client
        self.url = url
        self.model = model
        self.version = f"{LLM_EXTRACTOR_VERSION}+{model}+prompt-{PROMPT_HASH}"

    @classmethod
    def from_settings(cls, settings: ExtractorSettings) -> LLMExtractor:
        """The extractor for FACTLEDGER_LLM_URL and FACTLEDGER_LLM_MODEL, with its own client."""
        if not (settings.llm_url and settings.llm_model):
            raise ConfigError("the llm extractor needs FACTLEDGER_LLM_URL and FACTLEDGER_LLM_MODEL")
        return cls(httpx.Client(timeout=LLM_TIMEOUT_SECONDS), settings.llm_url, settings.llm_model)

    def extract(self, text: str, articles: Sequence[Article]) -> list[Claim]:
        """Claims of every article in document order; a figure not found verbatim is dropped."""
        claims: list[Claim] = []
        for article in articles:
            items = self.ask(article_prompt(text, article))
            claims.extend(build_claims(text, article, items, self.version))
        return claims

    def ask(self, user_message: str) -> list[dict[str, Any]]:
        """Post one chat-completions request and read the JSON list of figures it answers."""
        payload = {
            "model": self.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": PROMPT},
                {"role": "user", "content": user_message},
            ],
        }
        response = self.client.post(self.url, json=payload)
        response.raise_for_status()
        return parse_figures(response.json())


def article_prompt(text: str, article: Article) -> str:
    """The article's publication date and outlet, then its text without boilerplate spans."""
    body = "\n".join(text[s.start : s.end] for s in split_sentences(text, article))
    return f"Published: {article.published or 'unknown'}\nOutlet: {article.outlet or 'unknown'}\n\n{body}"


def parse_figures(answer: Any) -> list[dict[str, Any]]:
    """The figure objects of a chat-completions answer (a JSON list, bare or in a fence)."""
    try:
        content = answer["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as error:
        raise LLMResponseError(f"no message content in the answer: {error}") from error
    try:
        data = json.loads(_FENCE.sub("", str(content).strip()))
    except json.JSONDecodeError as error:
        raise LLMResponseError(f"the answer is not JSON: {error}") from error
    if isinstance(data, dict):
        data = data.get("figures", data.get("claims"))
    if not isinstance(data, list):
        raise LLMResponseError("the answer is not a list of figures")
    return [item for item in data if isinstance(item, dict)]


def build_claims(text: str, article: Article, items: list[dict[str, Any]], version: str) -> list[Claim]:
    """Claims for the items found verbatim in the article; sub-counts point at their parent."""
    sentences = list(split_sentences(text, article))
    placed: dict[int, _Placed] = {}
    cursor = article.start
    for index, item in enumerate(items):
        spot = place_figure(text, sentences, item, cursor)
        if spot is not None and is_valid_item(item):
            placed[index] = spot
            cursor = spot.end
    claims: dict[int, Claim] = {}
    for index, spot in placed.items():
        parent = _parent_index(spot.item, index)
        parent_claim = claims.get(parent) if parent is not None else None
        claims[index] = _to_claim(text, article, spot, parent_claim, version)
    return sorted(claims.values(), key=lambda c: c.start)


def place_figure(text: str, sentences: list[Sentence], item: dict[str, Any], cursor: int) -> _Placed | None:
    """Where the figure's text sits: inside its quote if that is found, else from `cursor` on."""
    number_text = item.get("number_text")
    if not isinstance(number_text, str) or not number_text.strip():
        return None
    quote = item.get("quote")
    if isinstance(quote, str) and quote.strip():
        for sentence in sentences:
            at = text.find(quote.strip(), sentence.start, sentence.end)
            inner = text.find(number_text, at, at + len(quote.strip())) if at >= 0 else -1
            if inner >= 0:
                return _Placed(item, inner, inner + len(number_text), sentence)
    for sentence in sentences:
        if sentence.end <= cursor:
            continue
        at = text.find(number_text, max(cursor, sentence.start), sentence.end)
        if at >= 0:
            return _Placed(item, at, at + len(number_text), sentence)
    return None


def is_valid_item(item: dict[str, Any]) -> bool:
    """Values are numbers or null with low <= high; qualifier and category in the vocabulary."""
    low, high = item.get("value_low"), item.get("value_high")
    if not all(v is None or _is_number(v) for v in (low, high)) or (low is None and high is None):
        return False
    if low is not None and high is not None and low > high:
        return False
    return item.get("qualifier") in QUALIFIERS and item.get("category") in CATEGORIES


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _parent_index(item: dict[str, Any], index: int) -> int | None:
    parent = item.get("parent")
    valid = isinstance(parent, int) and not isinstance(parent, bool) and 0 <= parent < index
    return parent if valid else None


def _to_claim(text: str, article: Article, spot: _Placed, parent: Claim | None, version: str) -> Claim:
    item, sentence = spot.item, spot.sentence
    source = _text_or_none(item.get("source"))
    source_type = item.get("source_type")
    date = _text_or_none(item.get("date"))
    return Claim(
        document_id=article.document_id,
        article_id=article.id,
        start=spot.start,
        end=spot.end,
        number_text=text[spot.start : spot.end],
        quote_start=sentence.start,
        quote_end=sentence.end,
        quote=text[sentence.start : sentence.end],
        value_low=_number(item.get("value_low")),
        value_high=_number(item.get("value_high")),
        qualifier=item["qualifier"],
        category=item["category"],
        subject=_text_or_none(item.get("subject")) or "people",
        unit="percent" if item["category"] == "share" else "people",
        location=_text_or_none(item.get("location")),
        date=date if date and _ISO_DATE.fullmatch(date) else article.published,
        date_text=_text_or_none(item.get("date_text")),
        scope=parent.scope if parent else "incident",
        source=source,
        source_type=source_type if source_type in SOURCE_TYPES else classify_source(source),
        source_chain=build_source_chain(article.outlet, Attribution(source, spot.start) if source else None),
        parent_id=parent.id if parent else None,
        extractor_version=version,
    )


def _number(value: Any) -> Number | None:
    if value is None:
        return None
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _text_or_none(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
