"""Synthetic investigations of any size: a valid dataset for benchmarks and scale tests.

`generate(out_dir, size, seed)` writes what a curator would: several YAML files
(report, sources, actors, places, quotes, events, claims, assessments) and the
archived texts under `sources/`, each with its SHA-256. Everything the checks
verify holds: every quote is found in its source (some written with straight
quote marks or hyphens where the archive has curly ones or dashes, some with
elisions marked `...`, `. . .`, `…` or `[...]`), every reference resolves,
dates fit their precision, units are known, ACH matrices have no gaps, and
paragraphs no citation uses are listed as deliberately uncited.

Deterministic: one `random.Random(seed)`, no set or dict ordering that depends
on hashing, so the same size and seed give the same bytes.

    python -m benchmarks.synthetic OUT_DIR --size 10x --seed 1

Sizes: "1x" is about the al-Tanf report (5 sources, 60 quotes, 40 actors, 30
events); "Nx" scales every collection by N; "large" is 10,000 events, 50,000
quotes, 2,000 sources and 1,000 actors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import random
import re
import shutil
import sys
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Optional

from types import SimpleNamespace

from reportgen.data import cameo
from reportgen.data import hygiene

GENERATOR_VERSION = "2"  # bump when the output for a given size and seed changes


@dataclass(frozen=True)
class Size:
    sources: int
    quotes: int
    actors: int
    places: int
    events: int
    claims: int
    discrepancies: int
    assessments: int
    key_judgments: int

    def describe(self) -> str:
        return ", ".join(f"{getattr(self, f.name):,} {f.name.replace('_', ' ')}" for f in fields(self))


BASE = Size(sources=5, quotes=60, actors=40, places=8, events=30, claims=24, discrepancies=5,
            assessments=3, key_judgments=5)
LARGE = Size(sources=2000, quotes=50_000, actors=1000, places=400, events=10_000, claims=8000,
             discrepancies=1600, assessments=500, key_judgments=12)
PRESETS = ("1x", "10x", "100x", "large")


def size_of(name: str) -> Size:
    """A preset ("1x", "10x", "100x", "large") or any "Nx" (N times the 1x counts)."""
    if name == "large":
        return LARGE
    match = re.fullmatch(r"(\d+(?:\.\d+)?)x", name)
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"unknown size {name!r}: use 1x, 10x, 100x, large or any Nx")
    n = float(match.group(1))
    scaled = {f.name: max(1, round(getattr(BASE, f.name) * n)) for f in fields(BASE)}
    scaled["discrepancies"] = max(1, min(scaled["discrepancies"], scaled["claims"] // 2))
    scaled["key_judgments"] = min(12, 5 + round(math.log10(n) * 3)) if n >= 1 else 5
    return Size(**scaled)


# --------------------------------------------------------------------------- words

_NOUNS = ("convoy", "garrison", "checkpoint", "airstrike", "patrol", "base", "militia", "column", "battalion",
          "crossing", "outpost", "road", "border", "desert", "ceasefire", "zone", "drone", "tank", "truck",
          "commander", "spokesman", "ministry", "statement", "warning", "offensive", "withdrawal",
          "negotiation", "agreement", "advance", "position", "village", "highway", "camp", "corridor",
          "aircraft", "strike", "force", "unit", "operation", "briefing", "report", "monitor", "official",
          "region", "front", "supply line", "artillery", "radar", "airspace", "pipeline", "ridge", "oasis")
_ADJECTIVES = ("armed", "remote", "pro-government", "coalition", "southern", "eastern", "heavy", "rare",
               "unverified", "reported", "brief", "second", "third", "fresh", "limited", "proportionate",
               "unprovoked", "defensive", "offensive", "agreed", "disputed", "local", "foreign", "regular",
               "irregular", "Iranian-backed", "US-backed", "Russian", "Syrian", "Iraqi", "Jordanian", "senior")
_VERBS = ("struck", "approached", "entered", "left", "crossed", "warned", "targeted", "destroyed",
          "withdrew from", "advanced toward", "shelled", "patrolled", "reinforced", "surrounded", "denied",
          "confirmed", "condemned", "defended", "observed", "reported", "intercepted", "shot down",
          "fired on", "moved into", "pulled back from", "called", "contacted", "threatened")
_ADVERBS = ("again", "repeatedly", "briefly", "openly", "quietly", "late", "early", "overnight",
            "deliberately", "reportedly", "apparently", "swiftly")
_PREPS = ("near", "inside", "outside", "beyond", "along", "toward", "around", "north of", "south of",
          "east of", "west of")
_SAYING = ("said", "told reporters", "said in a statement", "wrote", "said on state television",
           "told the news agency", "said in a briefing", "added")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_SYLLABLES = ("ta", "nf", "ka", "ram", "ruh", "al", "bad", "ya", "qas", "sab", "dar", "zour", "ham", "ra",
              "tha", "wra", "jab", "hat", "mid", "sha", "dad", "nab", "ak", "tur", "mas", "lah", "hay",
              "der", "bir", "ghar", "sal", "ima", "kho", "zan", "fur", "at", "is", "raq", "om", "lub")
_FIRST = ("Ahmad", "Louisa", "Jim", "Sergei", "Thanassis", "Maria", "Omar", "Hassan", "Nadia", "Karim",
          "Eleanor", "Yusuf", "Dmitri", "Sara", "Tariq", "Rania", "Paul", "Hiba", "Samir", "Ines")
_LAST = ("Haddad", "Loveluck", "Mattis", "Lavrov", "Cambanis", "Petrova", "Khalil", "Nasser", "Rahimi",
         "Jaber", "Whitcombe", "Aziz", "Volkov", "Mansour", "Darwish", "Saleh", "Okafor", "Moretti",
         "Barakat", "Lindqvist")
_GROUP_WORDS = ("Liwa", "Jaysh", "Kataib", "Harakat", "Saraya", "Quwat", "Maghawir", "Ansar", "Fawj", "Alwiya")
_OUTLETS = ("The Daily Ledger", "Wire Service International", "The Evening Courier", "Desert Monitor",
            "Global News Agency", "The Capital Post", "Regional Observer", "Frontline Report")
_UNITS_LENGTH = ("km", "miles")
_UNITS_COUNT = ("vehicles", "killed", "wounded", "fighters", "tanks", "aircraft", "drones", "strikes")

# Ladder rungs with CAMEO codes that fit them (all in reportgen/cameo.py, or falling back to a root).
_LADDER = (
    ("statement", ("010", "012", "1123", "111")),
    ("diplomatic contact", ("036", "041", "040", "043")),
    ("threat", ("138", "130", "106")),
    ("show of force", ("150", "152", "154")),
    ("warning shots", ("190", "193")),
    ("strike", ("195", "190", "194", "1951")),  # 1951 falls back to its root 19
    ("shoot-down", ("195", "190")),
)
_EVENT_TYPES = {
    "statement": ("Strategic developments", "Agreement"),
    "diplomatic contact": ("Strategic developments", "Agreement"),
    "threat": ("Strategic developments", "Headquarters or base established"),
    "show of force": ("Strategic developments", "Non-violent transfer of territory"),
    "warning shots": ("Battles", "Armed clash"),
    "strike": ("Explosions/Remote violence", "Air/drone strike"),
    "shoot-down": ("Explosions/Remote violence", "Air/drone strike"),
}
_SIDES = (("coalition", "US-led coalition"), ("pro-government", "Pro-government forces"),
          ("opposition", "Armed opposition"), ("observers", "Monitors and analysts"))
_ACTOR_KINDS = ("state", "government body", "armed force", "militia", "rebel group", "official", "analyst",
                "monitor", "media", "organisation", "person")
_SPEAKING_KINDS = ("official", "analyst", "monitor", "media", "person", "government body")


# --------------------------------------------------------------------------- the generator


class _Gen:
    def __init__(self, size: Size, seed: int, label: str):
        self.size = size
        self.seed = seed
        self.label = label
        self.rng = random.Random(seed)
        self.start = dt.date(2017, 1, 1)
        # Spread events over more years as the investigation grows.
        self.days = max(180, int(365 * max(1, size.events / 3000)))
        self.texts: dict[str, str] = {}  # source id -> archived text
        self.paragraphs: dict[str, list[str]] = {}  # source id -> paragraphs (1-based: index + 1)
        self.used_paragraphs: dict[str, set[int]] = {}  # cited paragraphs, per source
        self.quote_info: list[dict] = []  # id, source, paragraph, speaker
        self.names_used: set[str] = set()

    # ------------------------------------------------------------------ small helpers

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def date(self, offset: Optional[int] = None) -> dt.date:
        return self.start + dt.timedelta(days=self.rng.randrange(self.days) if offset is None else offset)

    def unique(self, name: str) -> str:
        base, n = name, 2
        while name in self.names_used:
            name = f"{base} {n}"
            n += 1
        self.names_used.add(name)
        return name

    def word(self) -> str:
        return "".join(self.pick(_SYLLABLES) for _ in range(self.rng.randint(2, 3)))

    def proper(self) -> str:
        return self.word().capitalize()

    # ------------------------------------------------------------------ prose

    def clause(self) -> str:
        r = self.rng
        parts = [self.pick(("the", "one", "another", "that")), self.pick(_ADJECTIVES), self.pick(_NOUNS),
                 self.pick(_VERBS), "the", self.pick(_NOUNS), self.pick(_PREPS), self.place_name()]
        if r.random() < 0.4:
            parts.insert(4, self.pick(_ADVERBS))
        if r.random() < 0.3:
            parts += ["after", str(r.randint(2, 90)), self.pick(_UNITS_LENGTH + _UNITS_COUNT)]
        return " ".join(parts)

    def place_name(self) -> str:
        return self.pick(self.place_names) if getattr(self, "place_names", None) else "the border"

    def actor_name(self) -> str:
        return self.pick(self.actor_names) if getattr(self, "actor_names", None) else "officials"

    def sentence(self, curly: bool) -> str:
        r = self.rng
        apostrophe = "\u2019" if curly else "'"
        lq, rq = ("\u201c", "\u201d") if curly else ('"', '"')
        dash = "\u2014" if curly else "-"
        kind = r.randrange(7)
        if kind == 0:
            s = f"{self.actor_name()} {self.pick(_SAYING)} on {self.pick(_WEEKDAYS)} that {self.clause()}"
        elif kind == 1:
            s = f"According to {self.actor_name()}{apostrophe}s spokesman, {self.clause()}"
        elif kind == 2:
            s = f"{_upper_first(self.clause())} {dash} {self.actor_name()} officials said {dash} and {self.clause()}"
        elif kind == 3:
            s = f"{lq}{_upper_first(self.clause())},{rq} {self.actor_name()} {self.pick(_SAYING)}"
        elif kind == 4:
            s = (f"The {self.pick(_NOUNS)}{apostrophe}s {self.pick(_NOUNS)} was {self.pick(_VERBS)} "
                 f"{r.randint(2, 60)} {self.pick(_UNITS_LENGTH)} {self.pick(_PREPS)} {self.place_name()}, "
                 f"{self.clause()}")
        elif kind == 5:
            s = (f"On {r.randint(1, 28)} {self.pick(_MONTHS)}, {self.clause()}, and a {lq}{self.pick(_ADJECTIVES)} "
                 f"{self.pick(_NOUNS)}{rq} followed")
        else:
            s = f"{_upper_first(self.clause())}, while {self.clause()}"
        return s + "."

    def paragraph(self, curly: bool) -> str:
        text = " ".join(self.sentence(curly) for _ in range(self.rng.randint(2, 4)))
        return text if len(text) < 1500 else text[:1500].rsplit(" ", 1)[0] + "."

    # ------------------------------------------------------------------ quotes from the prose

    def quote_from(self, para: str) -> str:
        """Words of one paragraph, verbatim or with typography/elision variants."""
        r = self.rng
        words = para.split(" ")
        roll = r.random()
        if roll < 0.2 and len(words) >= 24:  # an elision: two pieces, words skipped between
            a_len, gap, b_len = r.randint(5, 9), r.randint(3, 8), r.randint(5, 9)
            first = r.randrange(0, len(words) - (a_len + gap + b_len) + 1)
            piece_a = _trim(words[first:first + a_len])
            piece_b = _trim(words[first + a_len + gap:first + a_len + gap + b_len])
            if piece_a and piece_b:
                mark = self.pick((" . . . ", "... ", " \u2026 ", " [...] "))
                return _straighten(f"{piece_a}{mark}{piece_b}") if r.random() < 0.5 else f"{piece_a}{mark}{piece_b}"
        n = min(len(words), r.randint(8, 30))
        first = r.randrange(0, len(words) - n + 1)
        text = _trim(words[first:first + n]) or " ".join(words[first:first + n])
        if roll < 0.45:  # written with straight marks and hyphens; the archive may have curly ones
            text = _straighten(text)
        return text

    # ------------------------------------------------------------------ collections

    def build(self) -> dict[str, Any]:
        size, r = self.size, self.rng
        self.place_names: list[str] = []
        places = [self.make_place(i) for i in range(size.places)]
        self.actor_names: list[str] = []
        actors_plain = [self.make_actor(i) for i in range(size.actors)]
        sources = [self.make_source(i) for i in range(size.sources)]
        quotes = self.make_quotes(sources, actors_plain)
        self.reported_queue = [q for q in quotes if q["speaker"] == "reported"]
        r.shuffle(self.reported_queue)
        self.quotes = quotes
        self.quote_text = {q["id"]: q["text"] for q in quotes}
        self.speaker_quotes: dict[str, list[dict]] = {}
        for q in quotes:
            self.speaker_quotes.setdefault(q["speaker"], []).append(q)
        self.add_relations(actors_plain, sources)
        events = self.make_events(actors_plain, places, sources)
        claims = self.make_claims(actors_plain, places, events)
        discrepancies = self.make_discrepancies(claims)
        assessments = self.make_assessments(actors_plain)
        report = self.make_report(events, claims, discrepancies, assessments)
        for src in sources:
            self.mark_uncited(src, quotes)
        return {
            "report": report, "sources": sources, "actors": actors_plain, "places": places, "quotes": quotes,
            "events": events, "claims": claims, "discrepancies": discrepancies, "assessments": assessments,
        }

    def make_place(self, i: int) -> dict:
        r = self.rng
        root = self.proper()
        name = self.unique(f"{self.pick(('al-', 'Bir ', 'Tell ', 'Jabal ', 'Wadi ', ''))}{root}")
        self.place_names.append(name)
        aliases = [name.replace("al-", "At ").replace("-", " "), name.replace(" ", "-") + "h"]
        place = {"id": f"place-{i + 1:04d}", "name": name, "aliases": sorted(set(aliases) - {name})}
        place["coordinates"] = {"lat": round(r.uniform(32.3, 37.0), 3), "lon": round(r.uniform(35.7, 42.0), 3),
                                "precision": self.pick(("site", "town", "area", "region"))}
        place["country"] = self.pick(("Syria", "Iraq", "Jordan"))
        if r.random() < 0.3:
            place["radius_km"] = float(r.choice((25, 55, 80)))
            place["description"] = f"A deconfliction zone of {int(place['radius_km'])} km around the *{name}* garrison."
        return place

    def make_actor(self, i: int) -> dict:
        r = self.rng
        kind = _ACTOR_KINDS[i % len(_ACTOR_KINDS)] if i < len(_ACTOR_KINDS) else self.pick(_ACTOR_KINDS)
        if kind in ("official", "analyst", "person"):
            first, last = self.pick(_FIRST), self.pick(_LAST)
            name = self.unique(f"{first} {last}")
            aliases = [name.split(" ")[-1]]
        elif kind in ("militia", "rebel group", "armed force"):
            root = self.proper()
            name = self.unique(f"{self.pick(_GROUP_WORDS)} al-{root}")
            aliases = [name.replace("al-", "al "), name + "h", name.replace(root, root.lower())]
        else:
            name = self.unique(f"{self.proper()} {self.pick(('Ministry', 'Council', 'Observatory', 'Agency', 'Command', 'Republic'))}")
            aliases = [name.split(" ")[0]]
        self.actor_names.append(name)
        actor: dict[str, Any] = {"id": f"actor-{i + 1:04d}", "name": name,
                                 "aliases": [a for a in dict.fromkeys(aliases) if a != name], "kind": kind}
        if r.random() < 0.9:
            actor["side"] = _SIDES[r.randrange(len(_SIDES))][0]
        if i > 3 and r.random() < 0.3:
            actor["parent"] = f"actor-{r.randrange(i) + 1:04d}"  # an earlier actor: no cycles
        if r.random() < 0.5:
            actor["description"] = f"A {kind} active {self.pick(_PREPS)} **{self.place_name()}**; see the timeline."
        if kind in ("official", "person") and r.random() < 0.2:
            actor["anonymous"] = True
        return actor

    def make_source(self, i: int) -> dict:
        r, size = self.rng, self.size
        sid = f"src-{i + 1:04d}"
        per_source = math.ceil(size.quotes / size.sources)
        n_paras = max(6, math.ceil(per_source * 0.8)) + 2
        curly = i % 2 == 0
        author = f"{self.pick(_FIRST)} {self.pick(_LAST)}"
        paras = [f"By {author}"] + [self.paragraph(curly) for _ in range(n_paras)]
        self.paragraphs[sid] = paras
        text = "\n\n".join(paras) + "\n"
        self.texts[sid] = text
        self.used_paragraphs[sid] = set()
        published = self.date()
        kind = self.pick(("news report", "news report", "wire copy", "opinion/analysis", "official statement"))
        source: dict[str, Any] = {
            "id": sid,
            "title": f"{_upper_first(self.pick(_ADJECTIVES))} {self.pick(_NOUNS)} {self.pick(_VERBS)} {self.pick(_PREPS)} {self.place_name()}",
            "short_name": f"{author.split(' ')[-1]} {i + 1}",
            "outlet": self.pick(_OUTLETS),
            "authors": [author],
            "kind": kind,
            "published": {"date": published.isoformat(), "precision": "day"},
            "url": f"https://news.example.org/{published.year}/{sid}",
            "archived": (published + dt.timedelta(days=r.randint(1, 400))).isoformat(),
            "file": f"sources/{sid}.txt",
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "language": "en",
            "paragraphs": "lines",
            "reliability": {"grade": self.pick("ABBCCDF"), "reason": "Synthetic grade for the benchmark."},
            "inferred": {"outlet": "Synthetic: the text does not name the outlet."},
            "artifacts": [{"kind": "byline", "paragraphs": [1]}],
        }
        if kind == "wire copy" and r.random() < 0.6:
            source["syndicated_from"] = "Wire Service International"
        if r.random() < 0.25:
            weekday = _WEEKDAYS[published.weekday()]
            source["published"] = {"date": published.isoformat(), "precision": "day", "relative": weekday,
                                   "anchor": sid, "reasoning": f"The text says {weekday}; the capture date fixes the week."}
        return source

    def make_quotes(self, sources: list[dict], actors: list[dict]) -> list[dict]:
        r, size = self.rng, self.size
        speakers = [a["id"] for a in actors if a["kind"] in _SPEAKING_KINDS] or [actors[0]["id"]]
        quotes = []
        per = [size.quotes // size.sources + (1 if i < size.quotes % size.sources else 0)
               for i in range(size.sources)]
        n = 0
        for src, count in zip(sources, per):
            sid = src["id"]
            paras = self.paragraphs[sid]
            order = list(range(2, len(paras) + 1))  # paragraph numbers, byline excluded
            r.shuffle(order)
            for k in range(count):
                number = order[k % len(order)]
                n += 1
                quote: dict[str, Any] = {"id": f"q-{n:05d}", "source": sid,
                                         "text": self.quote_from(paras[number - 1])}
                if r.random() < 0.35:
                    quote["speaker"] = "reported"
                    if r.random() < 0.4:
                        quote["according_to"] = self.pick(speakers)
                else:
                    quote["speaker"] = self.pick(speakers)
                    self.used_paragraphs[sid].add(number)  # a speaker's words are shown on their page
                if r.random() < 0.2:
                    quote["said"] = {"date": src["published"]["date"], "precision": "day"}
                if r.random() < 0.1:
                    quote["paragraph"] = number
                quotes.append(quote)
                self.quote_info.append({"id": quote["id"], "source": sid, "paragraph": number})
        self.paragraph_of = {q["id"]: info["paragraph"] for q, info in zip(quotes, self.quote_info)}
        return quotes

    # ------------------------------------------------------------------ citations

    def cite_quote(self, speaker: Optional[str] = None) -> dict:
        """A citation of a quote: uncited narration first, so every quote is used somewhere."""
        if speaker and self.speaker_quotes.get(speaker):
            q = self.pick(self.speaker_quotes[speaker])
        elif self.reported_queue:
            q = self.reported_queue.pop()
        else:
            q = self.pick(self.quotes)
        self.used_paragraphs[q["source"]].add(self.paragraph_of[q["id"]])
        return {"quote": q["id"]}

    def cite_paragraph(self, sources: list[dict]) -> dict:
        src = self.pick(sources)
        number = self.rng.randint(2, len(self.paragraphs[src["id"]]))
        self.used_paragraphs[src["id"]].add(number)
        return {"source": src["id"], "paragraph": number}

    def citations(self, n: int, sources: Optional[list[dict]] = None) -> list[dict]:
        out = []
        for _ in range(n):
            if sources and self.rng.random() < 0.15:
                out.append(self.cite_paragraph(sources))
            else:
                out.append(self.cite_quote())
        # One citation per target: a list citing the same quote twice reads as a mistake.
        return list({json.dumps(c, sort_keys=True): c for c in out}.values())

    # ------------------------------------------------------------------ relations, events, claims

    def add_relations(self, actors: list[dict], sources: list[dict]) -> None:
        r = self.rng
        for i, actor in enumerate(actors):
            if r.random() < 0.4 and len(actors) > 1:
                rels = []
                for _ in range(r.randint(1, 3)):
                    target = actors[r.randrange(len(actors))]["id"]
                    if target == actor["id"]:
                        continue
                    rel = {"type": self.pick(("backs", "opposes", "commands", "allied with", "speaks for",
                                              "member of")),
                           "target": target,
                           "citations": [self.cite_paragraph(sources)]}
                    cited = rel["citations"][0]
                    if hygiene.hedges_in(self.paragraphs[cited["source"]][cited["paragraph"] - 1]):
                        rel["confidence"] = self.pick(("low", "moderate"))  # the check asks it of hedged words
                    rels.append(rel)
                if rels:
                    actor["relations"] = rels

    def when(self, day: dt.date, sources: list[dict]) -> dict:
        r = self.rng
        roll = r.random()
        if roll < 0.45:
            spec = {"date": day.isoformat(), "precision": "day"}
        elif roll < 0.6:
            spec = {"date": f"{day.isoformat()}T{r.randint(0, 23):02d}:{r.choice((0, 15, 30, 45)):02d}",
                    "precision": "time", "timezone": "UTC+3"}
        elif roll < 0.7:
            monday = day - dt.timedelta(days=day.weekday())
            spec = {"date": monday.isoformat(), "precision": "week"}
        elif roll < 0.78:
            spec = {"date": day.strftime("%Y-%m"), "precision": "month"}
        elif roll < 0.8:
            spec = {"date": str(day.year), "precision": "year"}
        elif roll < 0.88:
            spec = {"date": day.isoformat(), "end": (day + dt.timedelta(days=r.randint(1, 4))).isoformat(),
                    "precision": "day"}
        else:
            weekday = _WEEKDAYS[day.weekday()]
            anchor = self.pick(sources)["id"]
            spec = {"date": day.isoformat(), "precision": "day", "relative": weekday, "anchor": anchor,
                    "reasoning": f"'{weekday}' in a source published later that week."}
        if r.random() < 0.1:
            spec["approximate"] = True
        return spec

    def make_events(self, actors: list[dict], places: list[dict], sources: list[dict]) -> list[dict]:
        r, size = self.rng, self.size
        fighters = [a["id"] for a in actors if a["kind"] in ("armed force", "militia", "rebel group", "state")] \
            or [a["id"] for a in actors]
        everyone = [a["id"] for a in actors]
        events: list[dict] = []
        n_incident = 0
        while len(events) < size.events:
            # Most events belong to an incident: a ladder climbed over a few days.
            if r.random() < 0.6 and size.events - len(events) >= 3:
                n_incident += 1
                incident = f"incident-{n_incident:04d}"
                steps = sorted(r.sample(range(len(_LADDER)), r.randint(3, min(5, size.events - len(events)))))
                day = self.date()
                for step in steps:
                    events.append(self.event(len(events), day, step, incident, fighters, everyone, places, sources))
                    day += dt.timedelta(days=r.randint(0, 3))
            else:
                events.append(self.event(len(events), self.date(), r.randrange(len(_LADDER)), None,
                                         fighters, everyone, places, sources))
        return events

    def event(self, i: int, day: dt.date, step: int, incident: Optional[str], fighters: list[str],
              everyone: list[str], places: list[dict], sources: list[dict]) -> dict:
        r = self.rng
        rung, codes = _LADDER[step]
        initiator, target = self.pick(fighters), self.pick(fighters)
        roles = [{"actor": initiator, "role": "initiator"}]
        if target != initiator:
            roles.append({"actor": target, "role": "target"})
        if r.random() < 0.3:
            other = self.pick(everyone)
            if other not in (initiator, target):
                roles.append({"actor": other, "role": "other"})
        event_type, sub = _EVENT_TYPES[rung]
        place = self.pick(places)
        event: dict[str, Any] = {
            "id": f"ev-{i + 1:05d}",
            "title": f"{rung.capitalize()} {self.pick(_PREPS)} {place['name']}",
            "when": self.when(day, sources),
            "place": place["id"],
            "event_type": event_type,
            "sub_event_type": sub,
            "cameo": self.pick(codes),
            "actors": roles,
            "summary": f"{_upper_first(self.clause())}; *{self.pick(_ADJECTIVES)}* reports differ on the details.",
            "citations": self.citations(r.randint(1, 3), sources),
        }
        if incident:
            event["incident"] = incident
            event["ladder"] = rung
        elif r.random() < 0.3:
            event["ladder"] = rung
        if rung in ("strike", "shoot-down") and r.random() < 0.6:
            event["fatalities"] = r.randint(0, 40)
        if r.random() < 0.3:
            event["tags"] = sorted({self.pick(("air", "ground", "border", "convoy", "deconfliction", "drone"))
                                    for _ in range(2)})
        return event

    def make_claims(self, actors: list[dict], places: list[dict], events: list[dict]) -> list[dict]:
        r, size = self.rng, self.size
        speakers = [a["id"] for a in actors if a["kind"] in _SPEAKING_KINDS] or [actors[0]["id"]]
        claims = []
        # Claims about one subject come in small groups, so discrepancies can compare them.
        subject_n = 0
        while len(claims) < size.claims:
            subject_n += 1
            subject = f"subject-{subject_n:04d}"
            unit = self.pick(_UNITS_LENGTH + _UNITS_COUNT)
            group = min(r.randint(1, 3), size.claims - len(claims))
            for _ in range(group):
                i = len(claims) + 1
                claimant = self.pick(speakers) if r.random() < 0.8 else "reported"
                claim: dict[str, Any] = {
                    "id": f"claim-{i:05d}",
                    "statement": f"{_upper_first(self.clause())}.",
                    "subject": subject,
                    "claimant": claimant,
                    "kind": self.pick(("claim", "claim", "fact")),
                    "about": sorted({self.pick(actors)["id"], self.pick(places)["id"], self.pick(events)["id"]}),
                    "citations": [self.cite_quote(claimant if claimant != "reported" else None)]
                    + self.citations(r.randint(0, 2)),
                }
                claim["citations"] = list({c["quote"]: c for c in claim["citations"]}.values())
                # A figure is one its citations state (the check looks for it there).
                figures = sorted(set().union(*(hygiene.numbers_in(self.quote_text[c["quote"]])
                                               for c in claim["citations"])))
                if figures and r.random() < 0.8:
                    value = float(self.pick(figures))
                    claim["quantity"] = {"value": value, "unit": unit,
                                         "qualifier": self.pick(("exactly", "about", "at least", "more than", "within"))}
                    higher = [x for x in figures if x > value]
                    if higher and r.random() < 0.2:
                        claim["quantity"]["value_max"] = float(self.pick(higher))
                if r.random() < 0.5:
                    claim["credibility"] = r.randint(1, 6)
                claims.append(claim)
        return claims

    def make_discrepancies(self, claims: list[dict]) -> list[dict]:
        r, size = self.rng, self.size
        by_subject: dict[str, list[str]] = {}
        for c in claims:
            by_subject.setdefault(c["subject"], []).append(c["id"])
        groups = [ids for ids in by_subject.values() if len(ids) >= 2]
        by_id = {c["id"]: c for c in claims}
        # Claims of a subject no discrepancy compares are about different things: their own subjects
        # (the check asks for a discrepancy when figures on one subject disagree).
        for ids in groups[size.discrepancies:]:
            for n, cid in enumerate(ids[1:], start=2):
                by_id[cid]["subject"] += f"-{n}"
        out = []
        for i in range(size.discrepancies):
            if i < len(groups):
                ids = groups[i]
            else:  # more discrepancies than natural groups: pair two claims
                ids = [c["id"] for c in r.sample(claims, 2)]
            members = [SimpleNamespace(quantity=SimpleNamespace(**{"value_max": None, "qualifier": "exactly",
                                                                   **by_id[c]["quantity"]})
                                       if "quantity" in by_id[c] else None) for c in ids]
            agree = hygiene.figures_agree(members, None)
            disc: dict[str, Any] = {"id": f"disc-{i + 1:04d}",
                                    "question": f"How many {self.pick(_UNITS_COUNT)} {self.pick(_VERBS)} the {self.pick(_NOUNS)}?",
                                    "claims": ids, "outcome": "compatible" if agree else "contradiction"}
            if r.random() < 0.5:
                disc["resolution"] = "The most conservative figure is used, as the *ACLED* rule asks."
                disc["confidence"] = self.pick(("low", "moderate", "high"))
            out.append(disc)
        return out

    def make_assessments(self, actors: list[dict]) -> list[dict]:
        r, size = self.rng, self.size
        analysts = [a["id"] for a in actors if a["kind"] == "analyst"] or [actors[0]["id"]]
        out = []
        voiced = [a for a in analysts if self.speaker_quotes.get(a)]  # a view cites its holder's own words
        for i in range(size.assessments):
            aid = f"asmt-{i + 1:04d}"
            hyps = [{"id": f"{aid}-h{k + 1}", "label": f"Reading {k + 1}",
                     "statement": f"The {self.pick(_NOUNS)} was meant as a {self.pick(_ADJECTIVES)} signal.",
                     "held_by": sorted({self.pick(voiced) for _ in range(r.randint(1, 2))}) if voiced else []}
                    for k in range(r.randint(2, 4))]
            # A matrix that discriminates: the first reading is refuted by one item, every other by
            # at least three, and no reading goes untested (the check warns of both otherwise).
            n_items = r.randint(max(4, len(hyps) + 1), 6)
            refuting = {hyps[0]["id"]: {0}}
            for h in hyps[1:]:
                refuting[h["id"]] = set(r.sample(range(1, n_items), 3))
            evidence = [{"id": f"{aid}-e{k + 1}", "description": f"{_upper_first(self.clause())}.",
                         "citations": self.citations(r.randint(1, 2)),
                         "ratings": {h["id"]: "inconsistent" if k in refuting[h["id"]]
                                     else self.pick(("consistent", "neutral")) for h in hyps}}
                        for k in range(n_items)]
            voices = [self.pick(self.speaker_quotes[a]) for h in hyps for a in h["held_by"]]
            for q in voices:
                self.used_paragraphs[q["source"]].add(self.paragraph_of[q["id"]])
            out.append({
                "id": aid,
                "question": f"What did the {self.pick(_NOUNS)} near {self.place_name()} signal?",
                "judgment": f"It was *{self.pick(('likely', 'very likely', 'unlikely'))}* a limited signal.",
                "probability": self.pick(("unlikely", "roughly even chance", "likely", "very likely")),
                "confidence": self.pick(("low", "moderate", "high")),
                "hypotheses": hyps,
                "evidence": evidence,
                "citations": self.citations(1) + [{"quote": qid} for qid in dict.fromkeys(q["id"] for q in voices)],
            })
        return out

    def make_report(self, events, claims, discrepancies, assessments) -> dict:
        r, size = self.rng, self.size
        pool = [e["id"] for e in events] + [c["id"] for c in claims] + \
            [d["id"] for d in discrepancies] + [a["id"] for a in assessments]
        kjs = []
        for i in range(size.key_judgments):
            kjs.append({"id": f"kj-{i + 1:02d}", "text": f"{_upper_first(self.clause())}.",
                        "probability": self.pick(("unlikely", "roughly even chance", "likely", "very likely",
                                                  "almost certain")),
                        "confidence": self.pick(("low", "moderate", "high")),
                        "based_on": sorted({self.pick(pool) for _ in range(r.randint(1, 3))}),
                        "citations": self.citations(r.randint(1, 2))})
        return {
            "title": f"Synthetic investigation ({self.label}, seed {self.seed})",
            "subtitle": "Generated for benchmarks: prose and figures are random",
            "authors": ["benchmarks.synthetic"],
            "version": GENERATOR_VERSION,
            "date": (self.start + dt.timedelta(days=self.days + 30)).isoformat(),
            "licence": "CC0 1.0",
            "bottom_line": f"A synthetic investigation of {size.describe()}. *Nothing in it is true.*",
            "key_judgments": kjs,
            "sides": [{"id": sid, "name": name} for sid, name in _SIDES],
            "scope": "Synthetic data of a chosen size, to measure the generator.",
            "limitations": "Random prose; every quote is nevertheless verbatim from its archived text.",
        }

    def mark_uncited(self, source: dict, quotes: list[dict]) -> None:
        sid = source["id"]
        used = self.used_paragraphs[sid]
        uncited = {n: "Background; not relied on by this synthetic report."
                   for n in range(2, len(self.paragraphs[sid]) + 1) if n not in used}
        if uncited:
            source["uncited"] = uncited


def _trim(words: list[str]) -> str:
    """Words joined, without trailing sentence punctuation (so an elision mark after it stays clean)."""
    text = " ".join(words).strip()
    before = None
    while text != before:  # never end on a full stop or start/end on a lone quote mark
        before = text
        text = text.rstrip(".,;:").strip("\"\u201c\u201d ")
    return text


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _straighten(text: str) -> str:
    return (text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"').replace("\u2014", "-"))


# --------------------------------------------------------------------------- YAML out

_BARE = re.compile(r"[a-z][a-z0-9-]*")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if _BARE.fullmatch(text) and text not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _is_flat(value: Any) -> bool:
    if isinstance(value, list):
        return all(not isinstance(v, (dict, list)) for v in value)
    if isinstance(value, dict):
        return len(value) <= 4 and all(not isinstance(v, (dict, list)) for v in value.values()) \
            and sum(len(str(v)) for v in value.values()) < 80
    return True


def _flow(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return "{" + ", ".join(f"{_scalar(k)}: {_scalar(v)}" for k, v in value.items()) + "}"


def _emit(value: Any, indent: int, out: list[str]) -> None:
    """A mapping's body in block style (lists of records as `- ` items)."""
    pad = " " * indent
    for key, item in value.items():
        key_text = _scalar(key)
        if isinstance(item, (dict, list)) and _is_flat(item):
            out.append(f"{pad}{key_text}: {_flow(item)}")
        elif isinstance(item, dict):
            out.append(f"{pad}{key_text}:")
            _emit(item, indent + 2, out)
        elif isinstance(item, list):
            out.append(f"{pad}{key_text}:")
            for element in item:
                if isinstance(element, dict):
                    inner: list[str] = []
                    _emit(element, indent + 4, inner)
                    first = inner[0][indent + 4:]
                    out.append(f"{pad}  - {first}")
                    out.extend(inner[1:])
                else:
                    out.append(f"{pad}  - {_scalar(element)}")
        else:
            out.append(f"{pad}{key_text}: {_scalar(item)}")


def to_yaml(doc: dict, comment: str = "") -> str:
    out = [f"# {line}" for line in comment.splitlines()] if comment else []
    _emit(doc, 0, out)
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- writing

CHUNK = {"quotes": 10_000, "events": 5000, "claims": 5000}


@dataclass
class Written:
    out_dir: Path
    size: Size
    files: list[str]
    bytes: int


def build_dataset(size: str | Size = "1x", seed: int = 1) -> tuple[dict[str, Any], dict[str, str]]:
    """(collections, archived texts by source id), in memory."""
    spec = size if isinstance(size, Size) else size_of(size)
    label = size if isinstance(size, str) else "custom"
    gen = _Gen(spec, seed, label)
    return gen.build(), gen.texts


def generate(out_dir: Path | str, size: str | Size = "1x", seed: int = 1) -> Written:
    """Write a valid synthetic investigation into `out_dir` (which must be empty or absent)."""
    out = Path(out_dir)
    spec = size if isinstance(size, Size) else size_of(size)
    data, texts = build_dataset(size, seed)
    label = size if isinstance(size, str) else "custom"
    header = (f"Synthetic investigation, size {label}, seed {seed} (benchmarks.synthetic v{GENERATOR_VERSION}).\n"
              f"Generated: do not edit; regenerate with `python -m benchmarks.synthetic`.")
    documents: list[tuple[str, dict]] = [("report.yml", {"report": data["report"]}),
                                         ("sources.yml", {"sources": data["sources"]}),
                                         ("actors.yml", {"actors": data["actors"]}),
                                         ("places.yml", {"places": data["places"]})]
    for name in ("quotes", "events", "claims"):
        records = data[name]
        chunks = max(1, math.ceil(len(records) / CHUNK[name]))
        for k in range(chunks):
            part = records[k * CHUNK[name]:(k + 1) * CHUNK[name]]
            doc: dict[str, Any] = {name: part}
            if name == "claims" and k == chunks - 1:
                doc["discrepancies"] = data["discrepancies"]
            documents.append((f"{name}.yml" if chunks == 1 else f"{name}-{k + 1:02d}.yml", doc))
    documents.append(("assessments.yml", {"assessments": data["assessments"]}))

    (out / "sources").mkdir(parents=True, exist_ok=True)
    total = 0
    files = []
    for name, doc in documents:
        payload = to_yaml(doc, header).encode("utf-8")
        (out / name).write_bytes(payload)
        total += len(payload)
        files.append(name)
    for sid, text in texts.items():
        payload = text.encode("utf-8")
        (out / "sources" / f"{sid}.txt").write_bytes(payload)
        total += len(payload)
    return Written(out, spec, files, total)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.synthetic",
                                     description="Write a valid synthetic investigation of a chosen size.")
    parser.add_argument("out_dir", type=Path, help="folder to write (must be empty or absent, unless --force)")
    parser.add_argument("--size", default="1x", help="1x, 10x, 100x, large, or any Nx (default 1x)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--force", action="store_true",
                        help="replace the YAML files and sources/ folder already in OUT_DIR")
    args = parser.parse_args(argv)
    try:
        spec = size_of(args.size)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out: Path = args.out_dir
    if out.exists() and any(out.iterdir()):
        if not args.force:
            print(f"error: {out} is not empty; pass --force to replace its YAML files and sources/",
                  file=sys.stderr)
            return 2
        for path in out.glob("*.y*ml"):
            path.unlink()
        shutil.rmtree(out / "sources", ignore_errors=True)
    written = generate(out, args.size, args.seed)
    print(f"wrote {out}: {spec.describe()} ({len(written.files)} YAML files, {written.bytes / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
