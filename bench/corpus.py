"""A deterministic synthetic news corpus that looks like news as it comes, with its disputes known.

Events (attacks, floods and storms, marches) happen in real cities over weeks; each is
reported in a few stories, each story by one source, and each story is syndicated into 1 to 50
outlets as copies with small edits: a new headline and byline, trimmed paragraphs, a line
added for local readers, the outlet's own footer. Articles run 1.5 to 6 KB: a lede with the
figures, details, quotes, background and site boilerplate. Tolls rise over days; monitors are
relayed by outlets that cite them; background paragraphs carry totals since a war began, and
some carry a month's running total from the UN.

Every event follows a plan that says whether a careful reviewer must see a dispute:

| plan            | what its stories say                                                | flag |
|-----------------|---------------------------------------------------------------------|------|
| agree           | independent sources, the same figure                                 | no   |
| consistent      | "at least N" against N, or "about N" against N                       | no   |
| relay           | outlets relaying one monitor's figure                               | no   |
| running         | one source's toll rising over days ("at least 8", then 15, then 23) | no   |
| hard            | independent sources, different exact figures                        | yes  |
| divergent       | independent sources, floors far apart                               | yes  |
| running_dispute | a rising toll against another source's figure below all of it       | yes  |

Marches are disputed when organisers' count and the police estimate are far apart.
Usage: `python bench/corpus.py N OUT_DIR [--seed S]` writes N articles to `OUT_DIR/articles/`
(named `<published>-<event>-<story>-<copy>.txt`, so a sorted listing is roughly the order they
were published) and one line per event to `OUT_DIR/manifest.jsonl`: its plan, the disputed
categories, and each story with its source, its figures and the articles that carry it.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

START = date(2015, 1, 5)
EVENTS_PER_DAY = 4
CITY_GAP_DAYS = 10
MIN_BYTES, MAX_BYTES = 1500, 6000
FLAGGED = frozenset({"hard", "divergent", "running_dispute"})
PLANS = {
    "attack": (
        ("agree", 3),
        ("consistent", 3),
        ("relay", 2),
        ("running", 3),
        ("hard", 2),
        ("divergent", 1),
        ("running_dispute", 1),
    ),
    "disaster": (("agree", 2), ("consistent", 2), ("running", 2), ("hard", 1)),
    "march": (("agree", 1), ("hard", 1)),
}
KINDS = (("attack", 6), ("disaster", 2), ("march", 1))

# Real places, so a gazetteer can resolve them; the districts are invented.
REGIONS: dict[str, tuple[str, ...]] = {
    "Syria": ("Aleppo", "Idlib", "Homs", "Hama", "Raqqa", "Daraa", "Douma", "Manbij"),
    "Iraq": ("Mosul", "Kirkuk", "Fallujah", "Ramadi", "Tikrit", "Baquba", "Samarra", "Sinjar"),
    "Yemen": ("Sanaa", "Aden", "Taiz", "Hodeidah", "Marib", "Saada"),
    "Afghanistan": ("Kabul", "Kandahar", "Herat", "Kunduz", "Jalalabad", "Ghazni"),
    "Somalia": ("Mogadishu", "Kismayo", "Baidoa", "Beledweyne"),
    "Nigeria": ("Maiduguri", "Bama", "Gwoza", "Damboa", "Yola"),
    "Libya": ("Tripoli", "Benghazi", "Misrata", "Sirte", "Derna"),
    "Mali": ("Gao", "Timbuktu", "Mopti", "Kidal"),
    "Sudan": ("Khartoum", "Omdurman", "Nyala", "Kassala"),
    "Ukraine": ("Donetsk", "Luhansk", "Mariupol", "Debaltseve", "Horlivka"),
    "Pakistan": ("Quetta", "Peshawar", "Karachi", "Parachinar"),
    "Philippines": ("Marawi", "Cotabato", "Jolo"),
}
FLOOD_REGIONS: dict[str, tuple[str, ...]] = {
    "Bangladesh": ("Sylhet", "Sunamganj", "Kurigram", "Sirajganj"),
    "Pakistan": ("Dadu", "Sukkur", "Larkana", "Jacobabad"),
    "India": ("Silchar", "Guwahati", "Patna", "Kochi"),
    "Nepal": ("Biratnagar", "Janakpur", "Nepalgunj"),
    "Mozambique": ("Beira", "Quelimane", "Chimoio"),
    "Philippines": ("Tacloban", "Legazpi", "Iloilo"),
}
MARCH_CITIES: dict[str, tuple[str, ...]] = {
    "Georgia": ("Tbilisi", "Batumi"),
    "Serbia": ("Belgrade", "Nis"),
    "Kenya": ("Nairobi", "Mombasa"),
    "Chile": ("Santiago", "Valparaiso"),
    "Armenia": ("Yerevan",),
    "Lebanon": ("Beirut", "Sidon"),
    "Bulgaria": ("Sofia", "Plovdiv"),
}
DISTRICT_PARTS = ("Al-", "Bab ", "Karm ", "Tal ", "Ain ", "Deir ", "Jabal ", "Qasr ", "Wadi ", "Ras ")
DISTRICT_ROOTS = ("Nour", "Zahra", "Sinaa", "Midan", "Jadida", "Sharq", "Salam", "Hamra", "Tuffah", "Rawda")
SIDES = ("northern", "southern", "eastern", "western")
ATTACKS = (
    ("air strikes hit", "air strikes"),
    ("shells slammed into", "shelling"),
    ("a car bomb exploded in", "car bombing"),
    ("rockets struck", "rocket attack"),
    ("a suicide bomber blew himself up in", "suicide bombing"),
    ("a drone strike hit", "drone strike"),
    ("artillery fire pounded", "artillery barrage"),
    ("barrel bombs fell on", "barrel bombing"),
)
DISASTERS = (
    ("floods", "floods"),
    ("a landslide", "landslide"),
    ("a cyclone", "cyclone"),
    ("flash floods", "flash floods"),
    ("torrential rain", "rains"),
)

# Sources by the kind of event they speak about; each phrase canonicalises to one speaker.
ATTACK_SOURCES = (
    "the health ministry",
    "the civil defence",
    "local officials",
    "medics",
    "the interior ministry",
    "state media",
    "the United Nations",
    "the Red Crescent",
    "a military spokesman",
    "the provincial governor",
)
MONITORS = (
    "the Syrian Observatory for Human Rights",
    "Airwars",
    "ACLED",
    "the Local Coordination Committees",
)
MONITOR_ALIASES = {
    "the Syrian Observatory for Human Rights": (
        "the Syrian Observatory for Human Rights",
        "the Britain-based Syrian Observatory for Human Rights",
        "the Observatory",
    ),
}
DISASTER_SOURCES = (
    "the disaster management authority",
    "the provincial authorities",
    "the Red Crescent",
    "the United Nations",
    "local officials",
    "the army",
)
WIRES = ("Reuters", "AFP", "Associated Press")
NETWORKS = ("Al Jazeera", "BBC", "The Guardian", "CNN", "The New Arab", "Middle East Eye", "France 24")
REPUBLISHERS = tuple(
    f"{town} {paper}"
    for town in (
        "Northfield",
        "Harbour",
        "Valley",
        "Lakeside",
        "Riverside",
        "Eastbrook",
        "Westmoor",
        "Pinecrest",
        "Stonebridge",
        "Kingsport",
    )
    for paper in ("Gazette", "Courier", "Herald", "Chronicle", "Post", "Ledger")
)
FIRST_NAMES = [
    "Hannah",
    "Lina",
    "Omar",
    "Sara",
    "Yusuf",
    "Anna",
    "Tom",
    "Karim",
    "Maya",
    "Daniel",
    "Leila",
    "Felix",
    "Ines",
    "Samir",
    "Ruth",
    "Jonas",
    "Amira",
    "Pavel",
    "Chloe",
    "Nadia",
    "Hugo",
    "Priya",
    "Tariq",
    "Elena",
    "Marcus",
    "Dina",
    "Ivo",
    "Rosa",
    "Malik",
    "Greta",
]
LAST_NAMES = [
    "Haddad",
    "Nasser",
    "Klein",
    "Demir",
    "Petrova",
    "Reed",
    "Aziz",
    "Ostrowski",
    "Varga",
    "Mensah",
    "Lindqvist",
    "Okafor",
    "Brandt",
    "Salem",
    "Moreau",
    "Castillo",
    "Novak",
    "Rahimi",
    "Dufour",
    "Tanaka",
    "Ferreira",
    "Kowalski",
    "Hassan",
    "Doyle",
    "Abadi",
    "Weiss",
    "Rossi",
]
RESIDENT_NAMES = [
    "Ahmad",
    "Fatima",
    "Khaled",
    "Mariam",
    "Hassan",
    "Noor",
    "Ali",
    "Zainab",
    "Yasmin",
    "Ibrahim",
    "Rania",
    "Mustafa",
]
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
FOOTERS = (
    ("Share this article", "Recent Posts", "Contact Us"),
    ("Share this article", "Contact Us", "Translate »"),
    ("Recent Posts", "Contact Us"),
    ("Share this article", "Recent Posts", "Translate »"),
)


@dataclass(frozen=True)
class Figure:
    """One figure a story states: what it counts, as written, and the interval it means."""

    category: str  # killed | injured | missing | displaced | buildings_destroyed | participants | arrested
    text: str
    low: int
    high: int | None


@dataclass(frozen=True)
class Story:
    """One report of an event by one source, published by `outlet` and copied `copies` times."""

    number: int
    source: str
    day: date
    figures: tuple[Figure, ...]
    outlet: str
    copies: int
    follow_up: bool = False  # a later report of a rising toll


@dataclass(frozen=True)
class Event:
    """Something that happened once, at one place on one day, and how it was reported."""

    event_id: int
    kind: str  # attack | disaster | march
    country: str
    city: str
    district: str
    side: str | None
    day: date
    plan: str
    subject: str
    what: tuple[str, str]  # (verb phrase, noun phrase) of the attack or disaster
    stories: tuple[Story, ...]
    disputed: tuple[str, ...]  # categories whose figures a reviewer must see flagged

    @property
    def place(self) -> str:
        side = f"{self.side} " if self.side else ""
        return f"the {self.district} district of {side}{self.city}"

    @property
    def area(self) -> str:
        return f"{self.side} {self.city}" if self.side else self.city


@dataclass
class Written:
    """What `generate` gives for one event: its articles (name, text) and their stories."""

    event: Event
    articles: list[tuple[str, str]] = field(default_factory=list)
    story_of: dict[str, int] = field(default_factory=dict)  # article name -> story number


def weighted(rng: random.Random, choices: Sequence[tuple[str, int]]) -> str:
    names, weights = zip(*choices, strict=True)
    return str(rng.choices(names, weights=weights)[0])


def spelled(n: int, rng: random.Random) -> str:
    """A count as a newsroom writes it: small ones in words now and then."""
    return NUMBER_WORDS[n] if n < len(NUMBER_WORDS) and rng.random() < 0.5 else f"{n:,}"


def exact(category: str, n: int, rng: random.Random) -> Figure:
    return Figure(category, spelled(n, rng), n, n)


def at_least(category: str, n: int) -> Figure:
    return Figure(category, f"at least {n:,}", n, None)


def about(category: str, n: int, rng: random.Random) -> Figure:
    word = rng.choice(("about", "around", "some"))
    # 10% each side, rounded outward to whole counts (docs/FIGURES.md).
    return Figure(category, f"{word} {n:,}", 9 * n // 10, -(-11 * n // 10))


def copies_of(outlet: str, rng: random.Random) -> int:
    """Wire stories travel far; an outlet's own story is picked up by a few."""
    if outlet in WIRES:
        return rng.randint(10, 50)
    return rng.randint(1, 6) if outlet in NETWORKS else rng.randint(1, 3)


def pick_outlet(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.4:
        return rng.choice(WIRES)
    return rng.choice(NETWORKS) if roll < 0.8 else rng.choice(REPUBLISHERS)


def plan_event(event_id: int, rng: random.Random, busy: dict[str, date]) -> Event:
    """One event: where, when, its plan, and what each of its stories says.

    `busy` holds the last day each city had an event: a city gets no second event within
    `CITY_GAP_DAYS`, so two events never share a place and a week.
    """
    kind = weighted(rng, KINDS)
    plan = weighted(rng, PLANS[kind])
    day = START + timedelta(days=event_id // EVENTS_PER_DAY)
    country, city = pick_city(kind, day, busy, rng)
    district = rng.choice(DISTRICT_PARTS) + rng.choice(DISTRICT_ROOTS)
    side = rng.choice(SIDES) if kind == "attack" and rng.random() < 0.5 else None
    subject = "people" if kind != "attack" or rng.random() < 0.6 else "civilians"
    what = rng.choice(ATTACKS if kind == "attack" else DISASTERS)
    stories = plan_stories(kind, plan, day, country, rng)
    disputed = (("participants",) if kind == "march" else ("killed",)) if plan in FLAGGED else ()
    return Event(event_id, kind, country, city, district, side, day, plan, subject, what, stories, disputed)


def pick_city(kind: str, day: date, busy: dict[str, date], rng: random.Random) -> tuple[str, str]:
    """A country and a city for an event of this kind, one without an event in recent days."""
    regions = {"attack": REGIONS, "disaster": FLOOD_REGIONS, "march": MARCH_CITIES}[kind]
    places = [(country, city) for country in sorted(regions) for city in regions[country]]
    free = [p for p in places if (day - busy.get(p[1], date.min)).days > CITY_GAP_DAYS]
    country, city = rng.choice(free or places)
    busy[city] = day
    return country, city


def plan_stories(kind: str, plan: str, day: date, country: str, rng: random.Random) -> tuple[Story, ...]:
    """The stories of an event: who reports which figures on which day."""
    if kind == "march":
        return march_stories(plan, day, rng)
    first, second = pick_sources(kind, plan, country, rng)
    n = rng.randint(4, 40)
    extra = side_figures(kind, rng)
    if plan in ("running", "running_dispute"):
        return rising_stories(plan, first, second, n, extra, day, rng)
    tolls = toll_figures(plan, n, rng)
    sources = [first] * 3 if plan == "relay" else [first, second]
    return tuple(
        story(i, source, day + timedelta(days=rng.randint(0, 1)), (toll, *extra), rng)
        for i, (source, toll) in enumerate(zip(sources, tolls * len(sources), strict=False))
    )


def pick_sources(kind: str, plan: str, country: str, rng: random.Random) -> tuple[str, str]:
    """Two different sources for an event; under a relay plan the first is a monitor."""
    pool = list(ATTACK_SOURCES if kind == "attack" else DISASTER_SOURCES)
    if kind == "attack" and (plan == "relay" or rng.random() < 0.3):
        monitors = [m for m in MONITORS if country == "Syria" or ("Syrian" not in m and "Local" not in m)]
        pool.insert(0, rng.choice(monitors))
    first = pool[0] if plan == "relay" else rng.choice(pool)
    second = rng.choice([source for source in pool if source != first])
    return first, second


def side_figures(kind: str, rng: random.Random) -> tuple[Figure, ...]:
    """The figures besides the toll: the same in every story of the event, so they never dispute."""
    if kind == "disaster":
        return exact("missing", rng.randint(3, 90), rng), exact("displaced", rng.randint(2, 60) * 100, rng)
    found = [exact("injured", rng.randint(5, 80), rng)]
    if rng.random() < 0.4:
        found.append(exact("buildings_destroyed", rng.randint(3, 40), rng))
    if rng.random() < 0.3:
        found.append(exact("displaced", rng.randint(5, 90) * 10, rng))
    return tuple(found)


def toll_figures(plan: str, n: int, rng: random.Random) -> list[Figure]:
    """Each source's death toll under a plan."""
    if plan == "agree":
        return [exact("killed", n, rng), exact("killed", n, rng)]
    if plan == "consistent":
        hedged = at_least("killed", n) if rng.random() < 0.5 else about("killed", n, rng)
        return [hedged, exact("killed", n, rng)]
    if plan == "hard":
        return [exact("killed", n, rng), exact("killed", n + rng.randint(2, 9), rng)]
    if plan == "divergent":
        return [at_least("killed", n), at_least("killed", n * rng.randint(3, 5))]
    return [exact("killed", n, rng)]  # relay: one monitor's figure


def rising_stories(
    plan: str, source: str, rival: str, n: int, extra: tuple[Figure, ...], day: date, rng: random.Random
) -> tuple[Story, ...]:
    """A toll that rises day by day from one source; under dispute, a rival's figure below all of it."""
    n = max(n, 12)
    tolls = [n]
    for _ in range(rng.randint(1, 3)):
        tolls.append(tolls[-1] + rng.randint(3, 12))
    stories = [story(0, source, day, (at_least("killed", n), *extra), rng)]
    stories += [
        story(i, source, day + timedelta(days=i), (at_least("killed", toll),), rng, follow_up=True)
        for i, toll in enumerate(tolls[1:], start=1)
    ]
    if plan == "running_dispute":
        below = n - max(4, n // 6) - 1
        stories.append(story(len(stories), rival, day, (exact("killed", below, rng),), rng))
    return tuple(stories)


def march_stories(plan: str, day: date, rng: random.Random) -> tuple[Story, ...]:
    """Organisers' count against the police estimate, and the arrests police report."""
    police = rng.randint(3, 40) * 1000
    organisers = police if plan == "agree" else police * rng.randint(4, 8)
    arrests = exact("arrested", rng.randint(5, 90), rng)
    return (
        story(
            0,
            "the organisers",
            day,
            (Figure("participants", f"{organisers:,}", organisers, organisers),),
            rng,
        ),
        story(1, "the police", day, (about("participants", police, rng), arrests), rng),
    )


def story(
    number: int,
    source: str,
    day: date,
    figures: tuple[Figure, ...],
    rng: random.Random,
    follow_up: bool = False,
) -> Story:
    outlet = pick_outlet(rng)
    return Story(number, source, day, figures, outlet, copies_of(outlet, rng), follow_up)


# ---- rendering -------------------------------------------------------------------------------


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def speaker(source: str, rng: random.Random) -> str:
    """How a story names its source: monitors are named several ways."""
    return rng.choice(MONITOR_ALIASES.get(source, (source,)))


def can_lead(source: str) -> bool:
    """Whether a source may open a sentence: capitalised, "local officials" would read as a
    different speaker from the same words in lower case, so only names and "the ..." lead."""
    return source[:1].isupper() or source.startswith(("the ", "a "))


def weekday(day: date) -> str:
    return WEEKDAYS[day.weekday()]


def dateline_date(day: date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def lede(event: Event, story_: Story, rng: random.Random) -> list[str]:
    """The paragraphs that carry the story's figures."""
    if event.kind == "march":
        return march_lede(event, story_, rng)
    if story_.follow_up:
        return [follow_up_lede(event, story_, rng)]
    if event.kind == "disaster":
        return disaster_lede(event, story_, rng)
    return attack_lede(event, story_, rng)


def stated(story_: Story, category: str) -> str | None:
    """The text of the story's figure for a category, if it states one."""
    return next((f.text for f in story_.figures if f.category == category), None)


def attack_lede(event: Event, story_: Story, rng: random.Random) -> list[str]:
    killed, src, subj, wd = (
        story_.figures[0].text,
        speaker(story_.source, rng),
        event.subject,
        weekday(event.day),
    )
    verb, noun = event.what
    # A sub-count ("including three children") breaks the toll down; it is never a rival figure.
    children = f", including {spelled(rng.randint(1, max(1, story_.figures[0].low // 2)), rng)} children,"
    among = children if subj == "people" and story_.figures[0].low > 3 and rng.random() < 0.3 else ""
    shapes = [
        f"{cap(killed)} {subj} were killed{among} when {verb} {event.place} on {wd}, {src} said.",
        f"{cap(verb)} {event.place} on {wd}, killing {killed} {subj}, according to {src}.",
        f"{cap(killed)} {subj} died in {event.area} on {wd} when {verb} {event.place}, {src} said.",
        f"{cap(killed)} {subj} lost their lives in {event.area} on {wd}"
        f"{among.replace('including', 'among them')} according to {src}.",
    ]
    if can_lead(src):
        shapes += [
            f"{cap(src)} said {killed} {subj} died when {verb} {event.place} on {wd}.",
            f"{cap(src)} confirmed that {killed} {subj} were killed in {event.area} on {wd}.",
            f"{cap(src)} told reporters that {killed} {subj} had been killed in the {noun} in {event.area} "
            f"on {wd}.",
        ]
    paragraphs = [rng.choice(shapes)]
    injured = stated(story_, "injured")
    if injured is not None:
        wounded = [
            f"Another {injured} people were wounded in {event.area}, {src} said.",
            f"{cap(injured)} people were injured in {event.area} on {wd}, {src} added.",
            f"{cap(injured)} others were wounded in {event.area} on {wd}, {src} said.",
            f"{cap(injured)} people suffered injuries in {event.area} on {wd}, {src} said.",
        ]
        paragraphs.append(rng.choice(wounded))
    houses, fled = stated(story_, "buildings_destroyed"), stated(story_, "displaced")
    if houses is not None:
        paragraphs.append(f"{cap(houses)} houses were destroyed in {event.area} on {wd}, {src} said.")
    if fled is not None:
        paragraphs.append(f"{cap(fled)} people fled their homes in {event.area} on {wd}, {src} said.")
    return paragraphs


def follow_up_lede(event: Event, story_: Story, rng: random.Random) -> str:
    toll, src, subj = story_.figures[0].text, speaker(story_.source, rng), event.subject
    wd, noun = weekday(event.day), event.what[1]
    shapes = [
        f"{cap(toll)} {subj} have now died as a result of {wd}'s {noun} on {event.place}, {src} said.",
        f"{cap(toll)} {subj} are now known to have been killed in {event.area} on {wd}, {src} said.",
    ]
    if can_lead(src):
        shapes += [
            f"{cap(src)} now says {toll} {subj} were killed in {event.area} on {wd}.",
            f"{cap(src)} said on its latest count that {toll} {subj} died in {event.area} on {wd}.",
        ]
    return rng.choice(shapes)


def disaster_lede(event: Event, story_: Story, rng: random.Random) -> list[str]:
    killed, src, wd = story_.figures[0].text, speaker(story_.source, rng), weekday(event.day)
    what, noun, city = event.what[0], event.what[1], event.city
    shapes = [
        f"{cap(what)} in {city} on {wd} left {killed} people dead, {src} said.",
        f"{cap(killed)} people died in {city} on {wd} after {what} swept through the area, "
        f"according to {src}.",
        f"{cap(killed)} people drowned or were killed by falling debris in {city} on {wd}, {src} said.",
    ]
    if can_lead(src):
        shapes.append(
            f"{cap(src)} said {killed} people were killed in {city} on {wd} when {what} hit the district."
        )
    paragraphs = [rng.choice(shapes)]
    missing, displaced = stated(story_, "missing"), stated(story_, "displaced")
    if missing is not None:
        paragraphs.append(
            rng.choice(
                [
                    f"{cap(missing)} people were still missing in {city} on {wd}, {src} said.",
                    f"{cap(missing)} people remained missing in {city} on {wd}, {src} said.",
                    f"Rescuers were searching for {missing} people who went missing in {city} on {wd}, "
                    f"{src} said.",
                ]
            )
        )
    if displaced is not None:
        paragraphs.append(
            f"{cap(displaced)} people were displaced by the {noun} in {city} on {wd}, {src} said."
        )
    return paragraphs


def march_lede(event: Event, story_: Story, rng: random.Random) -> list[str]:
    wd, city, src = weekday(event.day), event.city, story_.source
    crowd = story_.figures[0].text
    counted = rng.choice(
        [
            f"{cap(src)} said {crowd} people took part in the march in {city} on {wd}.",
            f"{cap(crowd)} people joined the march in {city} on {wd}, {src} said.",
            f"{cap(crowd)} people took part in the march in {city} on {wd}, according to {src}.",
            f"{cap(crowd)} demonstrators attended the rally in {city} on {wd}, {src} said.",
        ]
    )
    if len(story_.figures) == 1:
        return [counted]
    arrests = story_.figures[1].text
    held = rng.choice(
        [
            f"{cap(arrests)} people were arrested in {city} on {wd}, {src} said.",
            f"{cap(src)} said they had arrested {arrests} people in {city} on {wd}.",
        ]
    )
    return [counted, held]


def details(event: Event, rng: random.Random) -> list[str]:
    """Figure-free paragraphs on what happened and what people said, shuffled."""
    city, area = event.city, event.area
    name, other = rng.sample(RESIDENT_NAMES, 2)
    role = rng.choice(
        ("a teacher", "a taxi driver", "a nurse", "a student", "a shopkeeper", "a retired engineer")
    )
    pool = {
        "march": [
            f"Marchers carried flags and banners through the centre of {city}, chanting slogans against "
            "the government and calling for new elections.",
            f"\u201cWe are here because nobody listens to us any more,\u201d said {name}, {role} who had "
            "travelled in from a nearby town. \u201cWe will come back every week if we have to.\u201d",
            "The march passed off largely peacefully, although scuffles broke out near the parliament "
            "building late in the evening as riot police moved in to clear the square.",
            "Opposition leaders addressed the crowd from a stage set up outside the main railway station, "
            "promising to keep up the pressure until their demands were met.",
            f"Government officials in {city} dismissed the march as the work of a noisy minority and said "
            "the authorities would not be swayed by pressure from the street.",
            f"Shops along the route closed early, and public transport in the centre of {city} was "
            "suspended for most of the afternoon.",
            f"\u201cMy parents marched here when I was a child, and now I march for my own children,\u201d "
            f"said {other}, who held a handwritten sign above her head.",
            "Counter-demonstrators gathered on a side street but were kept apart from the main march by "
            "lines of police officers in riot gear.",
        ],
        "disaster": [
            f"Rescue teams using boats and helicopters worked through the night to reach villages around "
            f"{city} that had been cut off by the rising water.",
            f"\u201cThe water came in the middle of the night and took everything,\u201d said {name}, who "
            "was sheltering with relatives in a school on higher ground. \u201cWe had no warning.\u201d",
            "Roads and bridges were washed away across the district, and power lines were brought down, "
            "leaving much of the area without electricity.",
            "Forecasters warned that more heavy rain was expected over the coming days, and officials "
            "urged residents of low-lying areas to move to relief camps.",
            f"Aid agencies said clean water and medicine were running short in the shelters set up in "
            f"and around {city}.",
            f"Television pictures showed entire neighbourhoods of {city} under brown water, with only "
            "rooftops and the tops of trees visible.",
            f"\u201cWe have lost the harvest, the animals, the house,\u201d said {other}, {role}. "
            "\u201cWe do not know where to begin.\u201d",
            "Soldiers were deployed to help with the rescue effort, and schools in the worst-hit areas "
            "were turned into temporary shelters.",
        ],
        "attack": [
            f"Witnesses described scenes of devastation in {area}, with buildings reduced to rubble and "
            "rescuers digging through the debris with their bare hands.",
            f"\u201cWe heard the first blast and then the whole street shook,\u201d said {name}, who lives "
            "nearby. \u201cPeople were running everywhere, looking for their children.\u201d",
            f"Ambulances ferried the wounded to hospitals across {city}, where doctors appealed for blood "
            "donations as wards filled up.",
            "No group immediately claimed responsibility for the attack, which came as talks on a "
            "ceasefire were due to resume.",
            f"Footage shared on social media appeared to show thick black smoke rising over {area} "
            "shortly after the attack.",
            f"\u201cThere is no safe place left,\u201d said {other}, {role}. \u201cWe bury our dead and the "
            "next day it starts again.\u201d",
            "Medical workers said many of the injured were in a serious condition and that the toll "
            "could rise further.",
            f"Rescue workers in {city} said they were still searching for survivors under the rubble of "
            "collapsed buildings late into the night.",
            "A spokesman for the foreign ministry condemned the attack and called for an independent "
            "investigation into what happened.",
            f"Schools in {area} were closed for the rest of the week, and residents were told to stay "
            "indoors.",
        ],
    }[event.kind]
    return rng.sample(pool, k=len(pool))


def background(event: Event, rng: random.Random) -> list[str]:
    """Context paragraphs without figures, shuffled."""
    country, city = event.country, event.city
    pool = {
        "attack": [
            f"The fighting in {country} has drawn in regional and international powers, each backing "
            "different sides, and repeated attempts to broker a lasting truce have failed.",
            f"Humanitarian agencies have repeatedly warned that civilians in {country} are bearing the "
            "brunt of the violence, with hospitals, schools and markets frequently caught up in it.",
            "Diplomats have been meeting in Geneva in an effort to revive peace talks, but the parties "
            f"remain far apart on the future of {city} and the surrounding province.",
            f"{city} has changed hands several times during the conflict, and large parts of its old "
            "centre lie in ruins.",
            "Independent verification of casualty figures is difficult because access for journalists "
            "and aid workers is tightly restricted.",
            f"Residents of {city} say electricity is available for only a few hours a day and that the "
            "price of bread and fuel has soared.",
            "The government has accused its opponents of using civilians as human shields, a charge they "
            "deny, and both sides blame each other for the collapse of the last ceasefire.",
            "Aid convoys have been unable to reach large parts of the province for weeks, and the United "
            "Nations has warned of shortages of food and medicine.",
            f"Analysts say control of {city} matters to both sides because of its position on the main "
            "roads linking the north and the south of the country.",
            "Human rights groups have documented attacks on hospitals and schools and have called for "
            "those responsible to be held to account.",
        ],
        "disaster": [
            f"{country} is one of the countries most exposed to extreme weather, and scientists say that "
            "a warming climate is making heavy rainfall more intense.",
            f"Officials in {city} have been criticised for allowing construction on flood plains and for "
            "failing to maintain drainage channels.",
            "The monsoon season brings heavy rain every year, but this year's downpours came earlier and "
            "were heavier than usual, according to the meteorological department.",
            f"International donors have pledged emergency assistance, and the government of {country} "
            "has appealed for tents, food and medicine.",
            "Health workers warned of the risk of waterborne diseases such as cholera once the water "
            "begins to recede.",
            f"Farmers around {city} said the floods had destroyed crops that were weeks away from harvest.",
        ],
        "march": [
            f"Protests have been held in {city} every week since parliament approved a contested law that "
            "critics say threatens the independence of the media.",
            f"The government of {country} says the law is needed to protect national security and has "
            "accused foreign-funded groups of stirring up unrest.",
            "Rights groups have criticised the police for their handling of earlier demonstrations, "
            "citing the use of tear gas and rubber bullets.",
            "The European Union has urged the government to respect the right to peaceful assembly and "
            "to open a dialogue with the protesters.",
            "Opinion polls suggest that the country is deeply divided over the law, with younger voters "
            "most strongly opposed to it.",
        ],
    }[event.kind]
    return rng.sample(pool, k=len(pool))


def figured_background(event: Event, rng: random.Random) -> list[str]:
    """Background that carries figures: each the same wherever it is repeated (per country, or
    rising with the month), so none of them is ever a dispute."""
    lines = []
    if event.kind == "attack" and rng.random() < 0.6:
        lines.append(war_total(event.country))
    if event.kind == "attack" and rng.random() < 0.4:
        lines.append(month_total(event))
    if rng.random() < 0.4:
        lines.append(country_need(event.country))
    if rng.random() < 0.3:
        lines.append(f"The first reports reached the newsroom at about {rng.randint(1, 11)} p.m. local time.")
    return lines


def country_need(country: str) -> str:
    """A share and a count about the whole country, one of each per country."""
    seed = sum(map(ord, country))
    share, people = 30 + seed % 50, (seed % 90 + 10) * 100_000
    return (
        f"About {share} percent of the health facilities in {country} are no longer fully working, and "
        f"{people:,} people need humanitarian assistance, according to the United Nations."
    )


def war_total(country: str) -> str:
    """The toll since the war began: one figure per country from one source, in every article."""
    total = 20000 + 1000 * (sum(map(ord, country)) % 300)
    return (
        f"Since the war began, more than {total:,} people have been killed across {country}, "
        "according to the United Nations."
    )


def month_total(event: Event) -> str:
    """A month's running total for the city from the UN: it only ever rises as the month goes on."""
    month_start = event.day.replace(day=1)
    base = 40 + 5 * (sum(map(ord, event.city)) % 40)
    total = base + 6 * (event.day - month_start).days
    month = f"{event.day:%B}"
    return (
        f"Throughout {month}, at least {total:,} people were killed in {event.city}, the United Nations said."
    )


def headline(event: Event, story_: Story, rng: random.Random) -> str:
    """A headline; figures in titles are never extracted (a headline repeats the body)."""
    city, noun = event.city, event.what[1]
    if event.kind == "march":
        options = [f"Thousands march in {city} against media law", f"{city} protest draws large crowds"]
    elif event.kind == "disaster":
        options = [
            f"Deadly {noun} in {city}",
            f"{city}: rescuers search for survivors",
            f"{city} counts the cost of {noun}",
        ]
    elif story_.follow_up:
        options = [
            f"Death toll rises after {noun} in {city}",
            f"{city} toll climbs as rescuers search rubble",
        ]
    else:
        options = [
            f"{cap(noun)} kills civilians in {city}",
            f"Deadly {noun} in {city}",
            f"{city}: dozens of casualties after {noun}",
            f"Attack on {city} district leaves many dead",
        ]
    return rng.choice(options)


def byline(outlet: str, published: date, rng: random.Random) -> str:
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    if rng.random() < 0.2:
        name += f" and {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    return f"By {name}, {outlet}, {dateline_date(published)}"


def local_line(city: str, outlet: str, rng: random.Random) -> str:
    town = outlet.rsplit(" ", 1)[0]
    return rng.choice(
        [
            f"Members of the {city} community in {town} will hold a vigil outside the town hall on "
            "Friday evening, organisers told this newspaper.",
            f"A fundraising appeal launched by a {town} charity for families affected in {city} has "
            "been extended until the end of the month.",
            f"{town}'s member of parliament said she had written to the foreign secretary asking what "
            "help would be offered.",
        ]
    )


def original(event: Event, story_: Story, rng: random.Random) -> tuple[list[str], int]:
    """The story as its outlet published it (paragraphs, without header and footer), and how
    many of its first paragraphs carry the figures (never cut from a copy).

    After the figures come what happened and what people said, then background, in paragraphs
    of one to three sentences until the story reaches a length drawn between the shortest and
    the longest article."""
    figures = lede(event, story_, rng)
    target = min(max(rng.gauss(3700, 1000), MIN_BYTES + 500), MAX_BYTES - 300)
    sentences = details(event, rng) + background(event, rng) + reactions(event, rng)
    body = list(figures)
    while sentences and len("\n\n".join(body).encode("utf-8")) < target:
        take = rng.choice((1, 1, 2, 2, 3))
        body.append(" ".join(sentences[:take]))
        sentences = sentences[take:]
    if rng.random() < 0.3:
        body.insert(len(figures) + 1, caption(event, story_.outlet, rng))
    for line in figured_background(event, rng):
        body.insert(rng.randint(len(figures) + 1, len(body)), line)
    if story_.outlet in WIRES and starts_with_figure(body[0], story_, event):
        body[0] = f"{event.city.upper()}, {event.country} ({story_.outlet}) - {body[0]}"
    return body, len(figures)


def reactions(event: Event, rng: random.Random) -> list[str]:
    """Sentences on who said what afterwards, for any kind of event, shuffled."""
    country, city = event.country, event.city
    pool = [
        f"The foreign ministry of a neighbouring country said it was following events in {city} closely "
        "and offered its condolences to the families of the victims.",
        f"A government spokesman in {country} said an inquiry would be opened and that those responsible "
        "would be brought to justice.",
        "The United Nations Secretary-General's office issued a statement calling on all sides to protect "
        "civilians and to allow aid workers to do their jobs.",
        f"Local journalists in {city} said telephone and internet connections had been cut for several "
        "hours, making it hard to reach people in the worst-affected neighbourhoods.",
        f"Religious leaders in {city} called for calm and urged residents to help one another through "
        "the coming days.",
        "Opposition politicians accused the authorities of failing to prepare for what had happened and "
        "demanded that ministers appear before parliament.",
        "Aid groups said they were sending teams to assess needs but warned that their funding for the "
        "year was already stretched.",
        f"Editor's note: an earlier version of this article misspelled the name of a district of {city}.",
        "It was not immediately possible to verify the accounts independently.",
        "Officials said more information would be released once families had been informed.",
        f"Neighbours in {city} opened their homes to those who had nowhere else to go, and volunteers "
        "handed out bread, blankets and bottled water.",
        "Several embassies advised their citizens to avoid travel to the area until further notice.",
        f"Markets in {city} reopened the following morning, although many stalls remained empty and "
        "traders said customers were staying away.",
        "Analysts said the events were likely to harden positions on both sides ahead of negotiations "
        "planned for later in the month.",
        f"Hospitals across {country} were placed on alert, and blood banks appealed for donors.",
        "A regional bloc called an emergency meeting of its members to discuss the situation.",
        "Community leaders said they feared for the safety of families who had stayed behind.",
        "The interior minister visited the scene and promised that the authorities would rebuild.",
    ]
    return rng.sample(pool, k=len(pool))


def starts_with_figure(paragraph: str, story_: Story, event: Event) -> bool:
    """Whether a lede opens with its figure or the attack, so a dateline can go in front of it."""
    opening = paragraph.lower()
    return opening.startswith(story_.figures[0].text.lower()) or opening.startswith(event.what[0].lower())


def caption(event: Event, outlet: str, rng: random.Random) -> str:
    """An image caption with its credit, as pages carry them inside the text."""
    credit = rng.choice(("Reuters", "AFP", "Getty Images", "Anadolu"))
    scene = {
        "attack": f"Residents inspect the damage in {event.city}",
        "disaster": f"Villagers wade through floodwater near {event.city}",
        "march": f"Demonstrators gather in {event.city}",
    }[event.kind]
    return f"{scene} [{credit}]"


def render(title: str, header: str, body: list[str], footer: Sequence[str]) -> str:
    return "\n\n".join([title, header, *body, *footer]) + "\n"


def fit(title: str, header: str, body: list[str], footer: Sequence[str], keep: int) -> str:
    """Drop paragraphs from the end (never the first `keep`) until the article is under the limit."""
    text = render(title, header, body, footer)
    while len(text.encode("utf-8")) > MAX_BYTES and len(body) > keep:
        body = body[:-1]
        text = render(title, header, body, footer)
    return text


def copy_of(
    event: Event, story_: Story, body: list[str], keep: int, index: int, rng: random.Random
) -> tuple[str, date]:
    """One outlet's copy: the original (index 0) or a lightly edited republication; the first
    `keep` paragraphs (the figures) are never cut."""
    footer = rng.choice(FOOTERS)
    if index == 0:
        published = story_.day
        text = fit(headline(event, story_, rng), byline(story_.outlet, published, rng), body, footer, keep)
        return text, published
    outlet = rng.choice(REPUBLISHERS)
    published = story_.day + timedelta(days=1 if rng.random() < 0.3 else 0)
    edited = list(body)
    if rng.random() < 0.6:
        edited = trimmed(edited, keep, rng)
    if rng.random() < 0.4:
        edited.insert(rng.randint(keep, len(edited)), local_line(event.city, outlet, rng))
    credit = story_.outlet if rng.random() < 0.5 else outlet
    text = fit(headline(event, story_, rng), byline(credit, published, rng), edited, footer, keep)
    return text, published


def trimmed(body: list[str], keep: int, rng: random.Random) -> list[str]:
    """Paragraphs cut from the bottom, as wire copy is cut to fit, never below the shortest article."""
    cut = rng.randint(min(keep + 2, len(body)), len(body))
    while cut < len(body) and len("\n\n".join(body[:cut]).encode("utf-8")) < MIN_BYTES + 200:
        cut += 1
    return body[:cut]


def generate(n_articles: int, seed: int) -> Iterator[Written]:
    """Events with their articles, in event order, until n articles are written; lazily."""
    rng = random.Random(seed)
    written = 0
    event_id = 0
    busy: dict[str, date] = {}
    while written < n_articles:
        event = plan_event(event_id, rng, busy)
        out = Written(event)
        for story_ in event.stories:
            body, keep = original(event, story_, rng)
            for index in range(story_.copies):
                if written >= n_articles:
                    break
                text, published = copy_of(event, story_, body, keep, index, rng)
                name = f"{published:%Y%m%d}-{event.event_id:06d}-{story_.number}-{index:02d}.txt"
                out.articles.append((name, text))
                out.story_of[name] = story_.number
                written += 1
        yield out
        event_id += 1


def manifest_row(written: Written) -> dict[str, object]:
    """What the scorer needs of an event: its plan, disputes and which article carries which story."""
    event = written.event
    present = set(written.story_of.values())
    stories = [s for s in event.stories if s.number in present]
    by_story: dict[int, list[str]] = {}
    for name, number in written.story_of.items():
        by_story.setdefault(number, []).append(name)
    return {
        "event_id": event.event_id,
        "kind": event.kind,
        "plan": event.plan,
        "country": event.country,
        "city": event.city,
        "day": event.day.isoformat(),
        "disputed": list(expected_disputes(event, stories)),
        "stories": [
            {
                "story": s.number,
                "source": s.source,
                "day": s.day.isoformat(),
                "outlet": s.outlet,
                "figures": [vars(f) for f in s.figures],
                "articles": sorted(by_story[s.number]),
            }
            for s in stories
        ],
    }


def expected_disputes(event: Event, stories: Sequence[Story]) -> tuple[str, ...]:
    """The disputes a reviewer must see, given the stories actually written (the last may be cut)."""
    sources = {s.source for s in stories}
    return event.disputed if len(sources) > 1 else ()


def write_corpus(n_articles: int, out: Path, seed: int = 1) -> int:
    """Write the articles and `manifest.jsonl`; return the number of events written."""
    (out / "articles").mkdir(parents=True, exist_ok=True)
    events = 0
    with (out / "manifest.jsonl").open("w", encoding="utf-8") as manifest:
        for written in generate(n_articles, seed):
            for name, text in written.articles:
                (out / "articles" / name).write_text(text, encoding="utf-8")
            manifest.write(json.dumps(manifest_row(written)) + "\n")
            events += 1
    return events


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic news corpus with known disputes.")
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out", type=Path, help="folder to write")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"{write_corpus(args.n, args.out, args.seed)} events written to {args.out}")


if __name__ == "__main__":
    main()
