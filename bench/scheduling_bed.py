"""A test bed for the schedule builder that is not tuned to one generator.

`edcamp/scheduling/synthetic.py` (the demo's and the unit tests' generator) has one
popularity law, one room shape and no constraints. The bed varies what real events
vary, with its own vote model (latent interests, not topic clusters):

- popularity from flat (exponent 0) to very steep (1.8);
- seats per attendee from tight (1.0) to loose (2.0), and three room shapes
  (one big hall, even classrooms, two tiers);
- how many facilitators lead two sessions (10% to 40%);
- pins, blocked cells, double sessions, room needs and facilitators who leave early.

Every instance is valid (pins keep every rule) and seeded, so the stored best-known
objectives in `bench/scheduling_best.json` stay comparable.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

from edcamp.scheduling.problem import Cell, Problem, ProposalInput, RoomInput
from edcamp.scheduling.rules import static_refusal, violations

FEATURES = ("projector", "step-free", "quiet", "kitchen")


@dataclass(frozen=True)
class Shape:
    name: str
    size: tuple[int, int, int, int]  # proposals, rooms, slots, voters
    skew: float = 0.8  # popularity exponent: 0 flat, 1.8 very steep
    seats: float = 1.3  # seats per attendee, all rooms together
    rooms: str = "one-big"  # or "even", "two-tier"
    two_sessions: float = 0.1  # share of facilitators who lead two sessions
    pins: float = 0.05  # share of cells pinned
    blocked: float = 0.0  # share of cells blocked
    doubles: float = 0.0  # share of proposals that are double sessions
    needs: float = 0.0  # share of proposals that need a room feature
    away: float = 0.0  # share of facilitators unavailable in one or two slots
    votes: tuple[int, int] = (3, 8)
    extra: dict = field(default_factory=dict)


def _capacities(shape: Shape, rng: random.Random) -> list[int]:
    n_rooms, voters = shape.size[1], shape.size[3]
    if shape.rooms == "even":
        weights = [rng.uniform(0.8, 1.2) for _ in range(n_rooms)]
    elif shape.rooms == "two-tier":
        big = max(1, n_rooms // 4)
        weights = [3.0] * big + [1.0] * (n_rooms - big)
    else:
        weights = [4.0] + [rng.uniform(0.6, 1.4) for _ in range(n_rooms - 1)]
    unit = shape.seats * voters / sum(weights)
    return sorted((max(2, round(w * unit)) for w in weights), reverse=True)


def _votes(shape: Shape, rng: random.Random) -> dict[int, set[int]]:
    """proposal -> voters: popularity x a latent interest match, sampled without replacement."""
    n_proposals, _, _, n_voters = shape.size
    ranks = list(range(1, n_proposals + 1))
    rng.shuffle(ranks)
    popularity = [1.0 / r**shape.skew for r in ranks]
    axes = 4
    topic = [[rng.random() for _ in range(axes)] for _ in range(n_proposals)]
    voters: dict[int, set[int]] = {p: set() for p in range(1, n_proposals + 1)}
    for a in range(1, n_voters + 1):
        taste = [rng.random() ** 2 for _ in range(axes)]
        k = rng.randint(*shape.votes)
        keyed = []
        for p in range(n_proposals):
            match = 0.2 + sum(t * x for t, x in zip(taste, topic[p], strict=True))
            keyed.append((rng.random() ** (1.0 / (popularity[p] * match)), p + 1))
        for _, pid in sorted(keyed, reverse=True)[:k]:
            voters[pid].add(a)
    return voters


def _leaders(shape: Shape, rng: random.Random) -> dict[int, int]:
    n_proposals, n_voters = shape.size[0], shape.size[3]
    people = rng.sample(
        range(1, n_voters + 1), max(1, round(n_proposals / (1 + shape.two_sessions)))
    )
    owners = people + rng.sample(people, max(0, n_proposals - len(people)))
    rng.shuffle(owners)
    return {pid: owners[pid - 1] for pid in range(1, n_proposals + 1)}


def make(shape: Shape, seed: int = 0) -> Problem:
    rng = random.Random(f"bed-{shape.name}-{seed}")
    n_proposals, n_rooms, n_slots, _ = shape.size
    rooms = tuple(
        RoomInput(100 + k, cap, frozenset(f for f in FEATURES if rng.random() < 0.4))
        for k, cap in enumerate(_capacities(shape, rng))
    )
    slots = tuple(range(1000, 1000 + n_slots))
    voters, leaders = _votes(shape, rng), _leaders(shape, rng)
    away = {
        person: frozenset(rng.sample(slots, rng.randint(1, 2)))
        for person in set(leaders.values())
        if rng.random() < shape.away
    }
    proposals = tuple(
        ProposalInput(
            pid,
            frozenset(voters[pid]),
            frozenset({leaders[pid]}),
            needs=frozenset({rng.choice(FEATURES)}) if rng.random() < shape.needs else frozenset(),
            length=2 if rng.random() < shape.doubles else 1,
            unavailable=away.get(leaders[pid], frozenset()),
        )
        for pid in range(1, n_proposals + 1)
    )
    cells = [(r.id, s) for s in slots for r in rooms]
    blocked = frozenset(rng.sample(cells, round(shape.blocked * len(cells))))
    problem = Problem(proposals, rooms, slots, blocked)
    return replace(problem, pins=_pins(problem, round(shape.pins * len(cells)), rng))


def _pins(problem: Problem, count: int, rng: random.Random) -> dict[int, Cell]:
    """`count` valid pins: each added only if the grid of pins still keeps every rule."""
    pins: dict[int, Cell] = {}
    cells = problem.cells()
    for p in rng.sample(list(problem.proposals), len(problem.proposals)):
        if len(pins) >= count:
            break
        for cell in rng.sample(cells, len(cells)):
            trial = {**pins, p.id: cell}
            if static_refusal(problem, p, cell) is None and not violations(problem, trial):
                pins[p.id] = cell
                break
    return pins


MEDIUM, LARGE = (60, 10, 6, 300), (120, 20, 6, 1000)
BED: tuple[Shape, ...] = tuple(
    Shape(f"{label}-{'M' if size == MEDIUM else 'L'}", size, **kw)
    for size in (MEDIUM, LARGE)
    for label, kw in (
        ("flat-tight", {"skew": 0.0, "seats": 1.0, "rooms": "even"}),
        ("steep-loose", {"skew": 1.2, "seats": 2.0, "rooms": "one-big"}),
        (
            "very-steep-leaders",
            {"skew": 1.8, "seats": 1.1, "rooms": "two-tier", "two_sessions": 0.4},
        ),
        (
            "constrained",
            {"pins": 0.08, "blocked": 0.1, "doubles": 0.08, "needs": 0.2, "away": 0.15},
        ),
        (
            "mixed",
            {
                "skew": 0.5,
                "seats": 1.3,
                "rooms": "two-tier",
                "two_sessions": 0.3,
                "doubles": 0.05,
                "needs": 0.1,
                "away": 0.1,
                "votes": (2, 10),
            },
        ),
    )
)
