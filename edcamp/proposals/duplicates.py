"""Spotting likely duplicate proposals by their titles: a pure function.

Two titles are compared by the larger of two scores on their normalised
words (lowercase, no punctuation, no filler words, crude plural folding):
the Jaccard overlap of the word sets, and difflib's ratio of the joined
words (which catches small spelling differences such as "Chromebook" and
"Chromebooks in class").
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


@dataclass(frozen=True)
class DuplicatePair:
    first_id: int
    second_id: int
    score: float


def words(title: str) -> tuple[str, ...]:
    found = []
    for word in _WORD.findall(title.lower()):
        if word in STOPWORDS:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        found.append(word)
    return tuple(found)


def similarity(first: str, second: str) -> float:
    a, b = words(first), words(second)
    if not a or not b:
        return 0.0
    set_a, set_b = set(a), set(b)
    jaccard = len(set_a & set_b) / len(set_a | set_b)
    ratio = SequenceMatcher(None, " ".join(a), " ".join(b)).ratio()
    return max(jaccard, ratio)


def duplicate_pairs(
    titles: dict[int, str], *, threshold: float = DEFAULT_THRESHOLD
) -> list[DuplicatePair]:
    """Pairs of proposal ids whose titles look alike, most alike first."""
    pairs = []
    for (id_a, title_a), (id_b, title_b) in combinations(sorted(titles.items()), 2):
        score = similarity(title_a, title_b)
        if score >= threshold:
            pairs.append(DuplicatePair(id_a, id_b, round(score, 2)))
    pairs.sort(key=lambda pair: (-pair.score, pair.first_id, pair.second_id))
    return pairs
