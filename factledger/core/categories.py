"""Vocabulary for claim extraction: what a figure counts, about whom, and who says so.

Kept apart from the rules so that a reviewer can read and extend the word lists without
touching code; every list here is covered by `EXTRACTOR_VERSION` (bump it when editing).
"""

from __future__ import annotations

VOCABULARY_VERSION = "vocab-4"

# Words near a figure that say what it counts, by category; longer phrases first wins.
CATEGORY_WORDS: dict[str, tuple[str, ...]] = {
    "killed": (
        "killed",
        "killing",
        "kills",
        "dead",
        "died",
        "die",
        "dying",
        "deaths",
        "death",
        "death toll",
        "lives",
        "lost their lives",
        "slain",
        "fatalities",
        "bodies",
        "massacred",
        "executed",
        "perished",
        "casualties",
    ),
    "injured": ("injured", "injuring", "injuries", "wounded", "wounding", "hurt", "maimed"),
    "missing": ("missing", "unaccounted for", "disappeared"),
    "displaced": (
        "displaced",
        "fled",
        "fleeing",
        "flee",
        "evacuated",
        "refugees",
        "uprooted",
        "forced from their homes",
    ),
    "homeless": ("homeless", "without shelter", "lost their homes"),
    "trapped": ("trapped", "besieged", "under siege", "stranded", "encircled"),
    "arrested": ("arrested", "arrests", "rounded up", "apprehended"),
    "detained": ("detained", "detainees", "held in custody", "imprisoned", "jailed", "prisoners"),
    "participants": (
        "protesters",
        "protestors",
        "demonstrators",
        "marched",
        "rally",
        "rallied",
        "protest",
        "demonstration",
        "participants",
        "took part",
        "joined",
        "attended",
        "gathered",
        "march",
    ),
    "buildings_damaged": (
        "buildings",
        "houses",
        "homes",
        "destroyed",
        "damaged",
        "razed",
        "flattened",
        "collapsed",
        "hospitals",
        "schools",
    ),
    "attacks": (
        "strikes",
        "airstrikes",
        "air strikes",
        "air raids",
        "raids",
        "bombings",
        "bombs",
        "rounds",
        "shells",
        "rockets",
        "missiles",
        "mortars",
        "barrel bombs",
        "attacks",
        "sorties",
        "explosions",
        "blasts",
        "vehicles",
        "car bombs",
        "shelling",
    ),
}

# Counted nouns that make a figure an attack count whatever verb follows.
ATTACK_NOUNS: frozenset[str] = frozenset(
    {
        "strikes",
        "airstrikes",
        "raids",
        "bombings",
        "bombs",
        "rounds",
        "shells",
        "rockets",
        "missiles",
        "mortars",
        "attacks",
        "sorties",
        "explosions",
        "blasts",
        "vehicles",
        "strike",
        "airstrike",
        "raid",
        "bombing",
        "bomb",
        "round",
        "shell",
        "rocket",
        "missile",
        "mortar",
        "attack",
        "sortie",
        "explosion",
        "blast",
        "vehicle",
        "ambushes",
    }
)

BUILDING_NOUNS: frozenset[str] = frozenset(
    {
        "buildings",
        "houses",
        "homes",
        "hospitals",
        "schools",
        "shops",
        "apartments",
        "mosques",
        "churches",
        "bridges",
        "structures",
        "building",
        "house",
        "home",
    }
)

DURATION_NOUNS: frozenset[str] = frozenset(
    {
        "seconds",
        "minutes",
        "hours",
        "days",
        "weeks",
        "months",
        "years",
        "decades",
        "second",
        "minute",
        "hour",
        "day",
        "week",
        "month",
        "year",
        "decade",
        "nights",
        "night",
    }
)

# Counted nouns mapped to the subject vocabulary; anything else keeps its own noun.
SUBJECT_NOUNS: dict[str, str] = {
    "civilians": "civilians",
    "civilian": "civilians",
    "non-combatants": "civilians",
    "residents": "civilians",
    "villagers": "civilians",
    "inhabitants": "civilians",
    "children": "children",
    "child": "children",
    "kids": "children",
    "boys": "children",
    "girls": "children",
    "minors": "children",
    "infants": "children",
    "babies": "children",
    "students": "children",
    "pupils": "children",
    "women": "women",
    "woman": "women",
    "mothers": "women",
    "people": "people",
    "persons": "people",
    "person": "people",
    "others": "people",
    "individuals": "people",
    "men": "people",
    "lives": "people",
    "bodies": "people",
    "victims": "people",
    "casualties": "people",
    "refugees": "people",
    "protesters": "people",
    "protestors": "people",
    "demonstrators": "people",
    "participants": "people",
    "migrants": "people",
    "patients": "people",
    "workers": "people",
    "families": "people",
    "fighters": "fighters",
    "soldiers": "fighters",
    "militants": "fighters",
    "rebels": "fighters",
    "troops": "fighters",
    "combatants": "fighters",
    "jihadists": "fighters",
    "gunmen": "fighters",
    "insurgents": "fighters",
    "militiamen": "fighters",
    "servicemen": "fighters",
    "policemen": "fighters",
    "officers": "fighters",
    "members": "fighters",
    "terrorists": "fighters",
    "detainees": "people",
    "prisoners": "people",
}

# Categories whose figures count people; the others count things or time.
PEOPLE_CATEGORIES: frozenset[str] = frozenset(
    {
        "killed",
        "injured",
        "missing",
        "displaced",
        "homeless",
        "trapped",
        "arrested",
        "detained",
        "participants",
        "rescued",
        "hospitalized",
        "critical_condition",
        "bodies_recovered",
        "in_need",
    }
)

# Words that make a clause a period total rather than one incident.
CUMULATIVE_MARKERS: tuple[str, ...] = (
    "in total",
    "in all",
    "so far",
    "to date",
    "since the war",
    "since the start",
    "since the beginning",
    "since the conflict",
    "since the uprising",
    "since the outbreak",
    "overall",
    "cumulative",
    "altogether",
    "throughout",
    "over the past",
    "over the last",
    "in the past",
    "in less than a",
    "in the last",
    "this year",
    "death toll has risen",
)

# Verbs that introduce who says so.
SPEECH_VERBS: tuple[str, ...] = (
    "said",
    "says",
    "say",
    "reported",
    "reports",
    "report",
    "told",
    "tells",
    "added",
    "adds",
    "stated",
    "states",
    "announced",
    "announces",
    "estimates",
    "estimated",
    "estimate",
    "confirmed",
    "confirms",
    "claimed",
    "claims",
    "counted",
    "documented",
    "recorded",
    "wrote",
    "tweeted",
    "posted",
    "noted",
    "warned",
    "explained",
    "revealed",
    "indicated",
    "put",
    "puts",
    "cited",
    "quoted",
    "concluded",
    "projected",
    "predicted",
    "predicts",
    "forecast",
    "provided",
    "gave",
    "gives",
    "released",
    "showed",
    "shows",
    "believe",
    "believes",
    "believed",
    "speaks of",
    "spoke of",
    "declared",
    "declaring",
    "announcing",
    "stating",
    "reveals",
    "shared",
    "shares",
    "listed",
    "tallied",
    "clarified",
    "suggested",
    "suggest",
    "suggests",
    "published",
)

PRONOUNS: frozenset[str] = frozenset({"he", "she", "they", "it", "we", "i"})

# News outlets, for bylines, relays and self-references; long forms before short ones.
OUTLETS: tuple[str, ...] = (
    "The New Arab",
    "Al Jazeera",
    "Al-Jazeera",
    "Associated Press",
    "Agence France-Presse",
    "Reuters",
    "CNN",
    "BBC",
    "RT",
    "AFP",
    "AP",
    "TASS",
    "SANA",
    "Sputnik",
    "Anadolu",
    "The Guardian",
    "The Times",
    "The New York Times",
    "The Washington Post",
    "The Independent",
    "Al Arabiya",
    "Al-Masdar",
    "Xinhua",
    "France 24",
    "Sky News",
    "Fox News",
    "NBC News",
    "CBS News",
    "ABC News",
    "NPR",
    "Bloomberg",
    "Interfax",
    "RIA Novosti",
    "Press TV",
    "Al Mayadeen",
    "Middle East Eye",
    "Daily Sabah",
)

# Canonical source names and the phrases that name them (lower case, no leading article).
SOURCE_ALIASES: dict[str, tuple[str, ...]] = {
    "Syrian Observatory for Human Rights": (
        "syrian observatory for human rights",
        "sohr",
        "observatory",
        "syrian observatory",
        "monitoring group syrian observatory for human rights",
    ),
    "Local Coordination Committees": ("local coordination committees", "lcc", "lccs"),
    "United Nations": ("un", "united nations", "u.n.", "the un", "un officials", "uno"),
    "state media": ("state media", "syrian state media", "state television", "state tv"),
    "Reuters": ("reuters",),
    "Associated Press": ("associated press", "ap"),
    "Agence France-Presse": ("agence france-presse", "afp"),
    "The New Arab": ("the new arab", "new arab", "the new arab arabic edition"),
    "Al Jazeera": ("al jazeera", "al-jazeera"),
    "SANA": ("sana", "syrian arab news agency", "state news agency sana"),
    "TASS": ("tass", "state news agency tass", "russia's state news agency tass"),
}

# Source types by words in the speaker's phrase; the first matching type wins.
SOURCE_TYPE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "state_media",
        (
            "state media",
            "state news",
            "state tv",
            "state television",
            "sana",
            "tass",
            "state-run",
            "state agency",
            "ria novosti",
        ),
    ),
    (
        "monitor",
        (
            "observatory",
            "sohr",
            "monitor",
            "coordination committees",
            "lcc",
            "documentation",
            "airwars",
            "acled",
            "human rights watch",
            "amnesty",
            "activists",
            "activist",
            "estimates",
            "white helmets",
            "civil defence",
            "civil defense",
        ),
    ),
    (
        "un_agency",
        (
            "united nations",
            "un",
            "u.n.",
            "unicef",
            "unhcr",
            "ocha",
            "wfp",
            "world health organization",
            "under-secretary-general",
            "secretary-general",
            "security council",
            "envoy",
        ),
    ),
    (
        "witness",
        (
            "resident",
            "witness",
            "rescue worker",
            "doctor",
            "nurse",
            "survivor",
            "medic",
            "local",
            "eyewitness",
            "villager",
            "expert",
            "analyst",
        ),
    ),
    (
        "party_to_conflict",
        (
            "rebel",
            "ahrar",
            "free syrian army",
            "fsa",
            "nusra",
            "fateh",
            "jaish",
            "legion",
            "militant",
            "hezbollah",
            "isis",
            "islamic state",
            "taliban",
            "opposition",
            "coalition",
            "faction",
            "commander",
            "fighters",
            "insurgent",
            "front",
            "brigade",
            "militia",
        ),
    ),
    (
        "government",
        (
            "ministry",
            "minister",
            "military",
            "army",
            "government",
            "kremlin",
            "president",
            "police",
            "official",
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "governor",
            "pentagon",
            "white house",
            "state department",
            "moscow",
            "washington",
            "damascus",
            "regime",
            "authorities",
            "defence",
            "defense",
        ),
    ),
    (
        "journalist",
        (
            "crew",
            "correspondent",
            "reporter",
            "journalist",
            "editor",
            "cnn",
            "reuters",
            "bbc",
            "rt",
            "afp",
            "associated press",
            "al jazeera",
            "new arab",
            "news",
        ),
    ),
)

# Titles a person holds: a name introduced with one ("UN envoy Staffan de Mistura", "Igor
# Konashenkov, a defence ministry spokesman,") speaks with the title's source type.
ROLE_TITLES: tuple[str, ...] = (
    "under-secretary-general",
    "secretary-general",
    "secretary",
    "envoy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "chief",
    "head",
    "director",
    "commander",
    "president",
    "governor",
    "official",
    "ambassador",
    "coordinator",
    "representative",
    "chairman",
    "chairwoman",
    "leader",
    "mayor",
    "general",
    "colonel",
    "correspondent",
    "reporter",
    "founder",
    "adviser",
    "advisor",
    "deputy",
    "prosecutor",
)

# Lower-case words that belong to a title before a name ("defence ministry spokesman").
ROLE_QUALIFIERS: frozenset[str] = frozenset(
    """defence defense foreign interior health military army state humanitarian rights human
    police senior top special deputy rebel opposition government ministry agency news aid relief
    chief former acting regional local group observatory monitor media affairs""".split()  # noqa: SIM905
)

# --- frames: what governs a figure (read by `frames.py`) ------------------------------

# Predicates after a counted noun phrase ("58 people are dead", "11 remain in critical
# condition", "1.3 million took part"), as the frame they set. Gerunds are not here: they
# govern what follows them ("killing 58"), see BEFORE_FRAMES.
PREDICATES: dict[str, str] = {
    **dict.fromkeys(
        [
            "killed",
            "dead",
            "died",
            "die",
            "drowned",
            "perished",
            "slain",
            "murdered",
            "executed",
            "massacred",
            "lost their lives",
            "lost their life",
            "shot dead",
            "burned to death",
            "crushed to death",
            "feared dead",
            "presumed dead",
            "confirmed dead",
        ],
        "killed",
    ),
    **dict.fromkeys(["deceased", "death bodies"], "killed"),
    **dict.fromkeys(
        ["injured", "wounded", "hurt", "maimed", "shot", "suffered injuries", "injuries"], "injured"
    ),
    **dict.fromkeys(["missing", "unaccounted for", "disappeared"], "missing"),
    **dict.fromkeys(
        [
            "hospitalized",
            "hospitalised",
            "hospital",
            "hospitals",
            "admitted",
            "being treated",
            "receiving treatment",
            "under treatment",
        ],
        "hospitalized",
    ),
    **dict.fromkeys(
        ["critical condition", "critical conditions", "critical", "critically"], "critical_condition"
    ),
    **dict.fromkeys(
        [
            "rescued",
            "pulled out alive",
            "pulled alive",
            "brought out alive",
            "brought out",
            "brought ashore",
            "saved",
            "plucked from",
        ],
        "rescued",
    ),
    **dict.fromkeys(["trapped", "stranded", "locked", "buried alive", "besieged", "encircled"], "trapped"),
    **dict.fromkeys(
        [
            "displaced",
            "camps",
            "camp",
            "fled",
            "evacuated",
            "relocated",
            "uprooted",
            "tarpaulin",
            "tents",
            "forced from their homes",
        ],
        "displaced",
    ),
    **dict.fromkeys(["homeless", "without shelter", "lost their homes"], "homeless"),
    **dict.fromkeys(["affected", "in need", "need aid", "need assistance", "need help"], "in_need"),
    **dict.fromkeys(
        [
            "took part",
            "take part",
            "taking part",
            "marched",
            "marching",
            "march",
            "protested",
            "protesting",
            "protest",
            "rallied",
            "rallying",
            "attended",
            "attending",
            "attend",
            "gathered",
            "gathering",
            "turned out",
            "turn out",
            "joined",
            "converged",
            "converging",
            "took to the streets",
            "take to",
            "flooded",
            "filled the streets",
            "poured into",
            "demonstrated",
            "demonstrating",
            "showed up",
            "came out",
        ],
        "participants",
    ),
    **dict.fromkeys(["arrested", "apprehended", "rounded up", "under arrest"], "arrested"),
    **dict.fromkeys(["detained", "in custody", "jailed", "imprisoned"], "detained"),
    **dict.fromkeys(
        [
            "damaged",
            "partially destroyed",
            "partly destroyed",
            "collapsed",
            "partially or fully destroyed",
            "partially or completely destroyed",
            "partly or fully destroyed",
        ],
        "damaged",
    ),
    **dict.fromkeys(
        ["destroyed", "fully destroyed", "razed", "flattened", "washed away", "swept away", "demolished"],
        "destroyed",
    ),
    **dict.fromkeys(["handed over", "identified", "charged", "released", "deployed"], "other"),
    # People aboard a vessel or inside a building are counted, but are not casualties.
    **dict.fromkeys(["on board", "aboard", "on the boat", "on the ship", "packed", "crammed"], "other"),
}
PREDICATES = {" ".join(k.split()): v for k, v in PREDICATES.items()}

# Verbs and gerunds that govern the figure after them ("killing at least 58 people",
# "damaged 3,500 kilometres of road").
BEFORE_FRAMES: dict[str, str] = {
    **dict.fromkeys(
        ["killing", "killed", "kills", "claimed the lives of", "deaths of", "death of"], "killed"
    ),
    **dict.fromkeys(["injuring", "wounding", "injured", "wounded", "injuries to"], "injured"),
    **dict.fromkeys(["rescued", "rescuing", "saved", "saving", "brought out", "pulled out"], "rescued"),
    **dict.fromkeys(["arrested", "arresting", "arrest of", "arrests of"], "arrested"),
    **dict.fromkeys(["detained", "detaining"], "detained"),
    **dict.fromkeys(["displacing", "displaced", "evacuated", "evacuating", "uprooting"], "displaced"),
    **dict.fromkeys(
        ["drew", "drawing", "attracted", "attracting", "rallied", "mobilised", "mobilized"], "participants"
    ),
    **dict.fromkeys(["missing"], "missing"),
    **dict.fromkeys(["damaged", "damaging"], "damaged"),
    **dict.fromkeys(["destroyed", "destroying", "razed", "flattened"], "destroyed"),
    **dict.fromkeys(["affecting"], "in_need"),
    **dict.fromkeys(["carrying", "carried", "packed with", "crammed with"], "other"),
}

# Measure nouns whose complement a figure is ("the death toll rose to 50", "put the turnout
# at 300,000"), with the frame they set.
MEASURE_NOUNS: dict[str, str] = {
    **dict.fromkeys(
        [
            "death toll",
            "toll",
            "death count",
            "body count",
            "count of the dead",
            "deaths",
            "dead",
            "fatalities",
        ],
        "killed",
    ),
    **dict.fromkeys(["injury toll", "injuries", "injured", "wounded"], "injured"),
    **dict.fromkeys(["arrests"], "arrested"),
    **dict.fromkeys(
        ["turnout", "attendance", "crowd", "crowds", "crowd size", "crowd estimate", "size of the crowd"],
        "participants",
    ),
    **dict.fromkeys(["camp population"], "displaced"),
    **dict.fromkeys(["protesters", "demonstrators", "participants", "marchers"], "participants"),
}
# Measure nouns that say nothing of what is counted: the frame is read from the words
# after them ("the number of workers rescued") or is the one the paragraph is about
# ("the police put the figure at 300,000").
ANAPHORIC_MEASURES: tuple[str, ...] = (
    "number",
    "numbers",
    "total",
    "figure",
    "figures",
    "estimate",
    "estimates",
    "count",
    "tally",
    "toll",
)

# Counted nouns that fix the category whatever the verb ("one death was reported").
NOUN_CATEGORIES: dict[str, str] = {
    **dict.fromkeys(["deaths", "death", "fatalities", "fatality"], "killed"),
    **dict.fromkeys(["injuries", "injury"], "injured"),
    **dict.fromkeys(["arrests"], "arrested"),
    **dict.fromkeys(["detentions"], "detained"),
    # Sites attacked at once are counted as attacks ("gunmen struck two mosques").
    **dict.fromkeys(
        ["mosques", "mosque", "churches", "church", "temples", "synagogues", "sites", "locations"], "attacks"
    ),
}

# People nouns that say what is counted when no predicate does ("thousands of mourners",
# "104 survivors", "78 bodies"); a predicate still wins ("50 worshippers were killed").
NOUN_DEFAULTS: dict[str, str] = {
    **dict.fromkeys(
        """protesters protestors demonstrators marchers participants attendees concertgoers
        concert-goers pilgrims mourners spectators worshippers worshipers rallygoers""".split(),  # noqa: SIM905
        "participants",
    ),
    **dict.fromkeys(["survivors", "survivor"], "rescued"),
    **dict.fromkeys(["bodies", "body", "corpses"], "bodies_recovered"),
    **dict.fromkeys(["casualties", "victims", "dead"], "killed"),
    **dict.fromkeys(["wounded"], "injured"),
    **dict.fromkeys(["detainees", "prisoners"], "detained"),
    **dict.fromkeys(["refugees", "evacuees"], "displaced"),
}

# People who respond rather than suffer: counted, but neither casualties nor a crowd,
# unless a casualty predicate says so ("two police officers are in hospital").
RESPONDER_NOUNS: frozenset[str] = frozenset(
    """police policemen officers personnel troops soldiers rescuers workers volunteers firefighters
    medics doctors nurses donors officials investigators agents guards staff""".split()  # noqa: SIM905
)

# Things counted that are neither people nor damage.
THING_NOUNS: dict[str, str] = {
    **dict.fromkeys(
        """livestock cattle animals goats sheep cows buffaloes poultry countries nations parties
        events firearms weapons guns rifles cities states languages districts provinces
        vessels boats ships factories metres meters tonnes tons litres liters gallons hectares
        acres cusecs charities agencies organisations organizations companies""".split(),  # noqa: SIM905
        "other",
    ),
}

# Things whose damage is property damage rather than damage to buildings.
PROPERTY_NOUNS: frozenset[str] = frozenset(
    """bridges bridge roads road kilometers kilometres km kms miles railways railway culverts dams
    canals""".split()  # noqa: SIM905
)

# Nouns of a populated place: "a nation of 21 million people" is a population.
PLACE_NOUNS: tuple[str, ...] = (
    "nation",
    "country",
    "city",
    "region",
    "island",
    "state",
    "province",
    "town",
    "village",
    "district",
    "territory",
    "capital",
    "metropolis",
)
