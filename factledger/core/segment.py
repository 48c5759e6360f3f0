"""Split a document's text into the reports it holds, without rewriting a character.

A page may republish several reports (each with its own title, byline, outlet and date)
wrapped in site boilerplate. Lines are classified (header, byline, title, body,
boilerplate, footer), reports start at headers, bylines and "Related news:" headings, and
boilerplate inside a report becomes a skip span so that offsets stay exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from factledger.core.categories import OUTLETS
from factledger.core.models import Article
from factledger.core.timeexpr import DATE_PATTERNS, parse_date

SEGMENTER_VERSION = "segment-1"

_DATE_ANY = re.compile("|".join(f"(?:{re.sub(r'[?]P<[a-z]+>', '', p.pattern)})" for p in DATE_PATTERNS))

FOOTER_LINES: tuple[str, ...] = (
    r"^EDITOR[’']?S NOTE\b",
    r"^(?:Recent|Related|Popular|Latest) Posts\s*$",
    r"^Contact Us\s*$",
    r"^We[’']re not around right now\b",
    r"^Start typing and press Enter to search\s*$",
    r"^Translate\s*»?\s*$",
    r"^(?:Share this|Like this|Leave a (?:reply|comment)|Subscribe to our newsletter)\b",
    r"^(?:Copyright|©|All rights reserved)\b",
    r"^(?:Tags|Categories|Filed under)\s*:",
)
BOILERPLATE_LINES: tuple[str, ...] = (
    r"^\d+\s+min(?:ute)?s?\s+read\s*$",
    r"^Read (?:more|also)\s*:",
    r"^With input from (?:agencies|wires|news agencies)\.?\s*$",
    r"^Additional reporting by\b",
    r"^Follow (?:us|@|\S+ on Twitter)\b",
    r"^(?:Advertisement|Click here\b.*|Sign up\b.*)$",
    r"^(?:Photo|Image|Picture|Video)(?: credit)?\s*:",
    r"^(?:Updated|Last updated|Published)\s*:?.{0,40}$",
    # App prompts: "Install the News app", "in two easy steps:", "1. Tap to Add to Home Screen."
    r"^(?:Install|Download|Get)\s+(?:the|our)\b.{0,40}\bapp\b",
    r"^in\s+\w+\s+(?:easy\s+|simple\s+|quick\s+)?steps\s*:?\s*$",
    r"^\d+\.\s+Tap\b",
    r"^.{0,60}?\bAdd to Home Screen\b",
)
# One alternation each: a line is tested once, not once per pattern.
FOOTER = re.compile("|".join(f"(?:{p})" for p in FOOTER_LINES), re.IGNORECASE)
BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in BOILERPLATE_LINES), re.IGNORECASE)
CAPTION_CREDIT = re.compile(r"\[[A-Z][\w .&/'’-]{1,40}\]$")
RELATED_HEADING = re.compile(
    r"^(?:Related news|Related articles|Related stories|Related|See also|More on this)\s*:?\s*$",
    re.IGNORECASE,
)
BYLINE = re.compile(r"^By\s+(?P<rest>[A-Z].{2,200})$")
DATE_HEADER = re.compile(
    rf"^(?:(?P<prefix>[^.,]{{1,60}}),\s*)?(?P<date>{_DATE_ANY.pattern})"
    r"\s*(?:\(.*\))?\s*$"
)
DATED_TITLE = re.compile(rf"^(?P<title>.{{8,240}}?)\s*,+\s*(?P<date>{_DATE_ANY.pattern})\s*$")
_OUTLET_NAMES = "|".join(re.escape(o) for o in sorted(OUTLETS, key=len, reverse=True))
OUTLET_MENTION = re.compile(rf"\b(?:{_OUTLET_NAMES})\b")
# How a report speaks of its own outlet, read around each outlet mention.
SELF_BEFORE = re.compile(
    r"(?:\b(?:an?|the)\s+|\b(?:correspondent|reporter)s?\s+(?:for|of|with)\s+"
    r"|\b(?:told|speaking to|spoke to|interview with)\s+)$"
)
SELF_AFTER = re.compile(r"^(?:\s+(?:crew|correspondent|reporter|team)|[’']s\s+[A-Z][\w-]+\s+[A-Z])")


_FURNITURE_MAX = 200
_BULLET = re.compile(r"^[-•·▪*]\s+(?P<rest>.+)$")


def is_furniture_line(line: str) -> bool:
    """Page furniture a report's text can carry: boilerplate, and bulleted headline links."""
    stripped = line.strip()
    if len(stripped) > _FURNITURE_MAX or not stripped:
        return False  # furniture lines are short; body paragraphs are not read twice
    if BOILERPLATE.match(stripped):
        return True
    bullet = _BULLET.match(stripped)
    return bullet is not None and _is_headline(bullet.group("rest"))


def _is_headline(text: str) -> bool:
    """Title case with no closing full stop: most words longer than three letters capitalised."""
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", text) if len(w) > 3]
    if not words or text.rstrip().endswith("."):
        return False
    return bool(sum(w[0].isupper() for w in words) >= 0.6 * len(words))


@dataclass(frozen=True)
class Line:
    """One line of the document: offsets without the newline, and what it looks like."""

    start: int
    end: int
    text: str
    kind: str  # blank | footer | boilerplate | related | byline | dated_title | dateline | body


@dataclass
class _Segment:
    """A report being assembled while walking the lines."""

    lines: list[int] = field(default_factory=list)
    title: str | None = None
    title_line: int | None = None
    outlet: str | None = None
    byline: str | None = None
    published: str | None = None
    has_body: bool = False
    closed: bool = False


def segment_document(document_id: str, text: str) -> list[Article]:
    """Split the document text into articles, each with its metadata and skip spans."""
    lines = classify_lines(text)
    segments = _group_lines(lines)
    articles = []
    for segment in segments:
        article = _build_article(document_id, text, lines, segment)
        if article is not None:
            articles.append(article)
    return articles


def classify_lines(text: str) -> list[Line]:
    """Cut the text into lines and tag each with its kind."""
    lines = []
    for match in re.finditer(r"[^\n]*", text):
        if match.start() > 0 and match.start() == match.end() and text[match.start() - 1] != "\n":
            continue  # finditer yields an empty match right after each line; skip it
        raw = match.group()
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        start = match.start() + lead
        lines.append(Line(start, start + len(stripped), stripped, _classify(stripped)))
    return lines


def _classify(line: str) -> str:
    if not line:
        return "blank"
    if FOOTER.match(line):
        return "footer"
    if BOILERPLATE.match(line) or (line.endswith("]") and CAPTION_CREDIT.search(line)):
        return "boilerplate"
    if RELATED_HEADING.match(line):
        return "related"
    if len(line) <= 240 and BYLINE.match(line):
        return "byline"
    if len(line) <= 300 and DATE_HEADER.match(line):
        return "dateline"
    if DATED_TITLE.match(line):
        return "dated_title"
    return "body"


def _group_lines(lines: list[Line]) -> list[_Segment]:
    segments = [_Segment()]
    for index, line in enumerate(lines):
        current = segments[-1]
        if line.kind == "footer":
            current.closed = True
        elif line.kind in ("related", "byline", "dateline", "dated_title"):
            current = _start_if_needed(segments, lines, index)
            _absorb_header(current, line, index)
        elif line.kind == "body" and not current.closed:
            current.lines.append(index)
            current.has_body = current.has_body or not _looks_like_title(line.text)
        elif line.kind == "boilerplate" and not current.closed:
            current.lines.append(index)
    return segments


def _start_if_needed(segments: list[_Segment], lines: list[Line], index: int) -> _Segment:
    """Open a new segment at a header unless the current one has no body yet."""
    current = segments[-1]
    if not current.has_body and not current.closed:
        return current
    fresh = _Segment()
    title_index = _title_before(current, lines, index)
    if title_index is not None and lines[index].kind in ("byline", "dateline"):
        current.lines.remove(title_index)
        current.has_body = any(_is_paragraph(lines[i]) for i in current.lines)
        fresh.lines.append(title_index)
        fresh.title, fresh.title_line = lines[title_index].text, title_index
    segments.append(fresh)
    return fresh


def _title_before(current: _Segment, lines: list[Line], index: int) -> int | None:
    """The title line just above a byline: the previous content line, if it looks like one."""
    if not current.lines or current.closed:
        return None
    previous = current.lines[-1]
    if any(lines[i].kind != "blank" for i in range(previous + 1, index)):
        return None
    return previous if _looks_like_title(lines[previous].text) else None


def _is_paragraph(line: Line) -> bool:
    return line.kind == "body" and not _looks_like_title(line.text)


def _looks_like_title(line: str) -> bool:
    return len(line) <= 200 and len(line.split()) <= 25 and not line.endswith((".", "”", '"', ":"))


def _absorb_header(segment: _Segment, line: Line, index: int) -> None:
    segment.lines.append(index)
    if line.kind == "byline":
        _absorb_byline(segment, line.text)
    elif line.kind == "dated_title":
        match = DATED_TITLE.match(line.text)
        assert match is not None  # classified as dated_title by this very pattern
        segment.title, segment.outlet = _split_title_outlet(match.group("title"))
        segment.title_line = index
        segment.published = parse_date(match.group("date"))
    elif line.kind == "dateline":
        segment.published = segment.published or parse_date(line.text)


def _absorb_byline(segment: _Segment, line: str) -> None:
    """Read "By NAMES, OUTLET, DATE" (outlet and date optional)."""
    rest = BYLINE.match(line)
    assert rest is not None  # classified as byline by this very pattern
    body = rest.group("rest")
    published = parse_date(body)
    if published:
        segment.published = published
        body = _DATE_ANY.sub("", body)
    parts = [p.strip() for p in body.split(",") if p.strip()]
    if len(parts) > 1 and _known_outlet(parts[-1]):
        segment.outlet = _known_outlet(parts[-1])
        parts = parts[:-1]
    segment.byline = ", ".join(parts) or None


def _split_title_outlet(title: str) -> tuple[str, str | None]:
    parts = [p.strip() for p in title.split(",")]
    while parts and not parts[-1]:
        parts.pop()
    if len(parts) > 1 and _known_outlet(parts[-1]):
        return ", ".join(parts[:-1]), _known_outlet(parts[-1])
    return ", ".join(parts), None


def _known_outlet(name: str) -> str | None:
    for outlet in OUTLETS:
        if name.strip().lower() == outlet.lower():
            return outlet
    return None


def _build_article(document_id: str, text: str, lines: list[Line], segment: _Segment) -> Article | None:
    body = [i for i in segment.lines if lines[i].kind == "body" and i != segment.title_line]
    if not body:
        return None
    first = min(segment.lines)
    _adopt_title(segment, lines, body)
    start, end = lines[first].start, lines[body[-1]].end
    skips = tuple(
        (lines[i].start, lines[i].end)
        for i in sorted(segment.lines)
        if i <= body[-1]
        and (lines[i].kind != "body" or i == segment.title_line)
        or _repeats_title(lines[i].text, segment.title, i, segment.title_line)
    )
    return Article(
        document_id=document_id,
        start=start,
        end=end,
        title=segment.title,
        outlet=segment.outlet or infer_outlet(text[start:end]),
        byline=segment.byline,
        published=segment.published,
        skip_spans=tuple(s for s in skips if s[0] >= start and s[1] <= end),
        segmenter_version=SEGMENTER_VERSION,
    )


def _adopt_title(segment: _Segment, lines: list[Line], body: list[int]) -> None:
    """A report with no title yet takes its first line when that line looks like one."""
    if segment.title is not None or len(body) < 2:
        return
    first = body[0]
    if min(segment.lines) == first and _looks_like_title(lines[first].text):
        segment.title, segment.title_line = lines[first].text, first
        body.remove(first)


def _repeats_title(line: str, title: str | None, index: int, title_line: int | None) -> bool:
    return title is not None and index != title_line and line == title


def infer_outlet(article_text: str) -> str | None:
    """Guess the publishing outlet from how a report speaks of itself ("an RT crew")."""
    scores: dict[str, int] = {}
    for match in OUTLET_MENTION.finditer(article_text):
        before = article_text[max(0, match.start() - 30) : match.start()]
        after = article_text[match.end() : match.end() + 30]
        if SELF_BEFORE.search(before) or SELF_AFTER.match(after):
            scores[match.group()] = scores.get(match.group(), 0) + 1
    if not scores:
        return None
    best = max(scores.values())
    return next(name for name, score in scores.items() if score == best)
