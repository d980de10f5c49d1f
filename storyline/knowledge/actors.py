"""The actor alias table: states, organisations and armed groups by their many names.

``data/actors.csv`` holds one row per actor (or per group of aliases that share
a source); rows with the same key are merged. Each row names its source. A name
matches an alias when the two agree after folding case, diacritics, dots,
possessives and Arabic or English articles (*the Islamic State*, *Islamic
State's*). Acronyms (*IS*, *SDF*, *U.S.*) match only as written in capitals,
so the verb *is* never matches the Islamic State. Multi-word names also match
on their consonant skeleton, so *Kataib Hezbollah* meets *Kataeb Hizbullah*.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources

from storyline.knowledge.names import fold

_WORD = re.compile(r"[a-z0-9]+")
_POSSESSIVE = re.compile(r"(?:'s|s')(?=\s|$)")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_DROP = frozenset({"the", "al", "el"})
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLED = re.compile(r"(.)\1+")
_FINAL_H = re.compile(r"(?<=[aeiouy])h$")
_SPELLINGS = (("ou", "u"), ("oo", "u"), ("ph", "f"), ("q", "k"), ("ck", "k"), ("x", "ks"))
_MAX_ALIAS_WORDS = 10
# A possessive ending a display name ("Iraq's"), and words before a name that point to
# it rather than name it ("which coalition").
NAME_POSSESSIVE = re.compile(r"\s*'s\b|(?<=s)'(?=\s|$)")
DETERMINERS = frozenset(
    {"the", "a", "an", "which", "whose", "what", "this", "that", "these", "those"}
)
_SPACES = re.compile(r"\s+")

# The actor-noun lexicon (editorial): nouns that head a phrase naming an actor.
BARE_HEADS = {
    # head word -> (kind, sector); these are actors even without modifiers
    "forces": ("group", "military"),
    "troops": ("group", "military"),
    "soldiers": ("group", "military"),
    "army": ("group", "military"),
    "military": ("group", "military"),
    "personnel": ("group", "military"),
    "coalition": ("organisation", ""),
    "alliance": ("organisation", ""),
    "government": ("organisation", "government"),
    "authorities": ("organisation", "government"),
    "regime": ("organisation", "government"),
    "cabinet": ("organisation", "government"),
    "administration": ("organisation", "government"),
    "officials": ("group", "government"),
    "ministry": ("organisation", "government"),
    "parliament": ("organisation", "legislature"),
    "lawmakers": ("group", "legislature"),
    "police": ("organisation", "police"),
    "militia": ("armed_group", ""),
    "militias": ("armed_group", ""),
    "group": ("group", ""),
    "groups": ("group", ""),
    "fighters": ("armed_group", ""),
    "militants": ("armed_group", ""),
    "rebels": ("armed_group", ""),
    "insurgents": ("armed_group", ""),
    "jihadists": ("armed_group", ""),
    "gunmen": ("armed_group", ""),
    "terrorists": ("armed_group", ""),
    "extremists": ("armed_group", ""),
    "spokesman": ("person", ""),
    "spokeswoman": ("person", ""),
    "spokesperson": ("person", ""),
    "official": ("person", "government"),
}
MODIFIED_HEADS = {
    # head word -> (kind, sector); actors only with a modifier (*the Quds Force*)
    "force": ("organisation", "military"),
    "command": ("organisation", "military"),
    "corps": ("organisation", "military"),
    "guard": ("organisation", "military"),
    "guards": ("organisation", "military"),
    "brigade": ("armed_group", ""),
    "brigades": ("armed_group", ""),
    "battalion": ("armed_group", ""),
    "units": ("group", "military"),
    "agency": ("organisation", "government"),
    "service": ("organisation", "government"),
    "department": ("organisation", "government"),
    "council": ("organisation", "government"),
    "movement": ("group", ""),
    "front": ("armed_group", ""),
    "party": ("organisation", ""),
    "organization": ("organisation", ""),
    "organisation": ("organisation", ""),
    "commander": ("person", "military"),
    "minister": ("person", "government"),
    "president": ("person", "government"),
}
# Words dropped from in front of a person's name (ranks, offices, honorifics).
TITLES = frozenset(
    {
        "brig",
        "brigadier",
        "gen",
        "general",
        "maj",
        "major",
        "lt",
        "lieutenant",
        "col",
        "colonel",
        "capt",
        "captain",
        "adm",
        "admiral",
        "sgt",
        "sergeant",
        "cmdr",
        "commander",
        "president",
        "vice",
        "prime",
        "minister",
        "secretary",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sheikh",
        "shaikh",
        "ayatollah",
        "imam",
        "king",
        "queen",
        "prince",
        "emir",
        "sen",
        "senator",
        "rep",
        "gov",
        "governor",
        "mayor",
        "chief",
        "deputy",
        "director",
        "ambassador",
        "envoy",
        "former",
        "late",
        "the",
    }
)

# Capitals that news copy uses for the government seated there (metonymy):
# "Washington has transferred ..." means the United States acted.
CAPITALS = {
    "washington": "USA",
    "tehran": "IRN",
    "baghdad": "IRQ",
    "moscow": "RUS",
    "london": "GBR",
    "paris": "FRA",
    "ankara": "TUR",
    "damascus": "SYR",
    "beijing": "CHN",
    "riyadh": "SAU",
    "berlin": "DEU",
    "kabul": "AFG",
    "kyiv": "UKR",
    "kiev": "UKR",
    "cairo": "EGY",
    "amman": "JOR",
    "beirut": "LBN",
    "doha": "QAT",
    "abu dhabi": "ARE",
    "islamabad": "PAK",
    "new delhi": "IND",
    "tokyo": "JPN",
    "seoul": "KOR",
    "pyongyang": "PRK",
    "tel aviv": "ISR",
}


@dataclass(frozen=True, slots=True)
class KnownActor:
    """One row of the alias table: a canonical key, name, kind and every alias."""

    key: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    source: str


def clean_name(text: str, *, kind: str) -> str:
    """Return a display name: no leading *the* or *which*, no possessive, no title of a person."""
    name = _SPACES.sub(" ", text.replace("\u2019", "'")).strip(" \"'.,;:-")
    name = NAME_POSSESSIVE.sub("", name)
    words = name.split(" ")
    while len(words) > 1 and words[0].lower().rstrip(".") in DETERMINERS:
        words = words[1:]
    if kind == "person":
        while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
            words = words[1:]
    return " ".join(words).strip(" \"'.,;:-")  # 'the " Iraq Heroes Operation' opens a quote


def words(text: str) -> list[str]:
    """Return the folded words of ``text``: lowercase ASCII, no dots or possessives."""
    folded = _POSSESSIVE.sub("", fold(text).replace(".", ""))
    return _WORD.findall(folded.replace("'", ""))


def alias_key(text: str) -> str:
    """Return the matching key of a name: folded words without articles."""
    return " ".join(w for w in words(text) if w not in _DROP)


@functools.lru_cache(maxsize=65536)
def skeleton(text: str) -> str:
    """Return the consonant skeleton of a name, which most transliterations share.

    *Qassem Soleimani*, *Qasem Suleimani* and *Kasim Sulaimani* all give ``ksm slmn``.
    """
    return " ".join(s for s in (_word_skeleton(w) for w in words(text) if w not in _DROP) if s)


def _word_skeleton(word: str) -> str:
    for old, new in _SPELLINGS:
        word = word.replace(old, new)
    word = _FINAL_H.sub("", word)
    return _DOUBLED.sub(r"\1", _VOWELS.sub("", word))


def distinctive(shape: str) -> bool:
    """Say whether a skeleton is specific enough to match on: two words of 2+ consonants."""
    parts = shape.split(" ")
    return len(parts) > 1 and all(len(p) > 1 for p in parts)


def _acronym_form(text: str) -> str:
    text = _LEADING_THE.sub("", text.strip()).replace(".", "")
    return _POSSESSIVE.sub("", text.replace("\u2019", "'"))


class ActorTable:
    """Look actors up by any of their names."""

    def __init__(self, actors: list[KnownActor]) -> None:
        self._by_key = {actor.key: actor for actor in actors}
        self._acronyms: dict[str, KnownActor] = {}
        self._names: dict[str, KnownActor] = {}
        self._skeletons: dict[str, KnownActor] = {}
        for actor in actors:
            for alias in (actor.name, *actor.aliases):
                self._index(alias, actor)

    def _index(self, alias: str, actor: KnownActor) -> None:
        form = _acronym_form(alias)
        if _ACRONYM.match(form) and len(form) <= 8:
            self._acronyms.setdefault(form, actor)
            if len(form) < 4:
                return
        key = alias_key(alias)
        if key:
            self._names.setdefault(key, actor)
        if distinctive(skeleton(alias)):
            self._skeletons.setdefault(skeleton(alias), actor)

    def __len__(self) -> int:
        return len(self._by_key)

    def get(self, key: str) -> KnownActor | None:
        """Return the actor with canonical ``key``."""
        return self._by_key.get(key)

    def match(self, text: str) -> KnownActor | None:
        """Return the actor that ``text`` names as a whole, if the table knows it."""
        acronym = self._acronyms.get(_acronym_form(text))
        if acronym is not None:
            return acronym
        key = alias_key(text)
        found = self._names.get(key)
        if found is not None:
            return found
        shape = skeleton(text)
        return self._skeletons.get(shape) if distinctive(shape) else None

    def find(self, text: str) -> tuple[KnownActor, int] | None:
        """Return the actor of the longest alias inside ``text`` and its length in words."""
        tokens = [w for w in words(text) if w not in _DROP]
        for size in range(min(len(tokens), _MAX_ALIAS_WORDS), 1, -1):
            for i in range(len(tokens) - size + 1):
                found = self._names.get(" ".join(tokens[i : i + size]))
                if found is not None:
                    return found, size
        for raw in text.replace(",", " ").split():
            found = self._acronyms.get(_acronym_form(raw))
            if found is not None:
                return found, 1
        return None

    def capital(self, text: str) -> KnownActor | None:
        """Return the state whose government a capital city stands for (*Tehran*)."""
        return self._by_key.get(CAPITALS.get(alias_key(text), ""))


@functools.cache
def load_actor_table() -> ActorTable:
    """Load the packaged alias table once per process."""
    rows: dict[str, KnownActor] = {}
    path = resources.files("storyline.knowledge") / "data" / "actors.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rows[row["key"]] = _merge(rows.get(row["key"]), row)
    return ActorTable(list(rows.values()))


def _merge(known: KnownActor | None, row: dict[str, str]) -> KnownActor:
    aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
    if known is None:
        return KnownActor(row["key"], row["name"], row["kind"], aliases, row["source"])
    return KnownActor(
        known.key,
        known.name,
        known.kind,
        tuple(dict.fromkeys(known.aliases + aliases)),
        f"{known.source}; {row['source']}",
    )
