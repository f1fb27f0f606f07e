"""Spotting likely duplicate proposals by their titles: a pure function.

Two titles are compared by the largest of three scores:

- the Jaccard overlap of their normalised words (lowercase, no punctuation, no filler words,
  crude plural folding);
- difflib's ratio of the joined words, which catches small spelling differences such as
  "Chromebook" and "Chromebooks in class";
- a weighted overlap of *concepts*: near-synonyms that teachers use for the same thing
  ("ChatGPT", "AI", "artificial intelligence"; "class", "classroom"; "gamification", "games")
  fold into one concept, and words that say little on their own ("tools", "tips", "ideas")
  weigh little. So "AI in the classroom" and "ChatGPT & AI tools in class" match. A title's
  head before a colon ("AI in the classroom: what works") is compared on its own too, since the
  words after it are often only a tagline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations

_FILLER = """a an and are as at be by can do for from how i in into is it of on or our the to
use using we what who why with you your session let lets talk about"""
STOPWORDS = frozenset(_FILLER.split())
_WORD = re.compile(r"[^\W_]+")
DEFAULT_THRESHOLD = 0.6

# One line per concept: its name, then the words (plurals folded) that mean it.
_SYNONYMS = """
ai: ai chatgpt gpt llm genai generative chatbot copilot gemini
class: class classroom lesson
student: student pupil learner kid child children
teacher: teacher educator
game: game gamification gamify gamifying gamified gaming
phone: phone smartphone cellphone
assessment: assessment grading test testing exam quiz quizz
wellbeing: wellbeing wellness burnout selfcare mindfulness
sel: sel
pbl: pbl
coding: coding code programming
reading: reading literacy
math: math maths mathematics numeracy
vr: vr ar xr metaverse
family: parent family caregiver
behaviour: behaviour behavior discipline
video: video youtube tiktok
"""
# Phrases, matched before single words.
_PHRASES = (
    ("artificial intelligence", "ai"),
    ("machine learning", "ai"),
    ("large language model", "ai"),
    ("project based", "pbl"),
    ("social emotional", "sel"),
    ("computer science", "coding"),
    ("virtual reality", "vr"),
    ("augmented reality", "vr"),
    ("self care", "wellbeing"),
    ("well being", "wellbeing"),
    ("mental health", "wellbeing"),
)
# Words that add little on their own: they count a little.
_WEAK = """tool idea tip strategy way approach new best practice getting started beginner intro
introduction teaching teach learning work worry more less better us they them their my
that this not but"""
WEAK_WEIGHT = 0.15


def _concept_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in _SYNONYMS.strip().splitlines():
        name, _, terms = line.partition(":")
        for term in terms.split():
            table.setdefault(term, name.strip())
    return table


_CONCEPT_OF = _concept_table()
_WEAK_WORDS = frozenset(_WEAK.split())


@dataclass(frozen=True)
class DuplicatePair:
    first_id: int
    second_id: int
    score: float


def _fold(word: str) -> str:
    """Crude plural folding: strategies -> strategy, classes -> class, tools -> tool."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes", "zzes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(title: str) -> tuple[str, ...]:
    found = []
    for word in _WORD.findall(title.lower()):
        if word in STOPWORDS:
            continue
        found.append(_fold(word))
    return tuple(found)


def concepts(title: str) -> dict[str, float]:
    """The title's concepts with their weights (near-synonyms folded into one concept)."""
    text = " ".join(_WORD.findall(title.lower()))
    for phrase, concept in _PHRASES:
        text = re.sub(rf"\b{phrase}s?\b", f" {concept} ", text)
    found: dict[str, float] = {}
    for word in text.split():
        if word in STOPWORDS:
            continue
        word = _fold(word)
        concept = _CONCEPT_OF.get(word, word)
        found[concept] = WEAK_WEIGHT if concept in _WEAK_WORDS else 1.0
    return found


def _weighted_jaccard(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    shared = sum(a[c] for c in a.keys() & b.keys())
    union = sum(a.values()) + sum(b[c] for c in b.keys() - a.keys())
    # a title of weak words only ("Tips and tricks") never matches on them alone
    if shared < 1.0:
        return 0.0
    return shared / union


def _heads(title: str) -> list[str]:
    head = re.split(r"[:\u2013\u2014?(]| - ", title, maxsplit=1)[0]
    return [title, head] if head.strip() and head != title else [title]


@dataclass(frozen=True)
class _Profile:
    """What a title is compared by, worked out once per title."""

    words: frozenset[str]
    joined: str
    concepts: tuple[dict[str, float], ...]  # of the whole title, and of its head if it has one

    @classmethod
    def of(cls, title: str) -> _Profile:
        found = words(title)
        return cls(frozenset(found), " ".join(found), tuple(concepts(t) for t in _heads(title)))


def _score(a: _Profile, b: _Profile) -> float:
    if not a.words or not b.words:
        return 0.0
    jaccard = len(a.words & b.words) / len(a.words | b.words)
    ratio = SequenceMatcher(None, a.joined, b.joined).ratio()
    by_concept = max(_weighted_jaccard(x, y) for x in a.concepts for y in b.concepts)
    return max(jaccard, ratio, by_concept)


def similarity(first: str, second: str) -> float:
    return _score(_Profile.of(first), _Profile.of(second))


def duplicate_pairs(
    titles: dict[int, str], *, threshold: float = DEFAULT_THRESHOLD
) -> list[DuplicatePair]:
    """Pairs of proposal ids whose titles look alike, most alike first."""
    profiles = {pid: _Profile.of(title) for pid, title in titles.items()}
    pairs = []
    for (id_a, a), (id_b, b) in combinations(sorted(profiles.items()), 2):
        score = _score(a, b)
        if score >= threshold:
            pairs.append(DuplicatePair(id_a, id_b, round(score, 2)))
    pairs.sort(key=lambda pair: (-pair.score, pair.first_id, pair.second_id))
    return pairs
