"""Realistic, seeded Edcamp instances for tests, benchmarks and the demo event.

The shape follows what organizers see at real events:

- Zipf-like popularity: a few proposals draw most votes;
- topic clusters: every attendee has 1 to 3 favourite clusters and casts 3 to
  8 votes, favouring proposals of those clusters;
- about 10% of facilitators lead two proposals;
- room capacities from one large room down to classrooms, about 1.3 seats
  per attendee in total;
- about 5% of cells pinned (an opening keynote, a sponsor's room), and
  optionally some blocked cells (lunch in the library).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from edcamp.scheduling.problem import Cell, Problem, ProposalInput, RoomInput

FAVOURITE_BOOST = 4.0  # how much more an attendee likes a favourite cluster's proposal
ZIPF_EXPONENT = 0.8


@dataclass(frozen=True)
class Instance:
    problem: Problem
    clusters: dict[int, int]  # proposal id -> topic cluster
    n_attendees: int
    seed: int

    @property
    def name(self) -> str:
        p = self.problem
        return f"{len(p.proposals)}x{len(p.rooms)}x{len(p.slots)}x{self.n_attendees}"


def popularity(n: int, rng: random.Random, exponent: float = ZIPF_EXPONENT) -> list[float]:
    """Zipf weights 1/rank**exponent, shuffled over `n` proposals."""
    weights = [1.0 / (rank**exponent) for rank in range(1, n + 1)]
    rng.shuffle(weights)
    return weights


def generate_votes(
    proposal_ids: Sequence[int],
    attendee_ids: Sequence[int],
    rng: random.Random,
    *,
    clusters: dict[int, int] | None = None,
    min_votes: int = 3,
    max_votes: int = 8,
) -> dict[int, list[int]]:
    """attendee id -> the proposal ids they vote for (no repeats)."""
    if not proposal_ids:
        return {a: [] for a in attendee_ids}
    if clusters is None:
        n_clusters = max(3, len(proposal_ids) // 6)
        clusters = {pid: rng.randrange(n_clusters) for pid in proposal_ids}
    cluster_ids = sorted(set(clusters.values()))
    pop = dict(zip(proposal_ids, popularity(len(proposal_ids), rng), strict=True))
    votes: dict[int, list[int]] = {}
    for attendee in attendee_ids:
        favourites = set(rng.sample(cluster_ids, min(len(cluster_ids), rng.randint(1, 3))))
        k = min(len(proposal_ids), rng.randint(min_votes, max_votes))
        # weighted sampling without replacement (Efraimidis-Spirakis keys)
        keyed = []
        for pid in proposal_ids:
            weight = pop[pid] * (FAVOURITE_BOOST if clusters[pid] in favourites else 1.0)
            keyed.append((rng.random() ** (1.0 / weight), pid))
        keyed.sort(reverse=True)
        votes[attendee] = sorted(pid for _, pid in keyed[:k])
    return votes


def room_capacities(
    n_rooms: int, n_attendees: int, rng: random.Random, seats_per_attendee: float = 1.3
) -> list[int]:
    """One large room, then rooms shrinking to classroom size; ~1.3 seats per attendee."""
    if n_rooms == 1:
        return [max(1, round(seats_per_attendee * n_attendees))]
    weights = [3.0]
    for k in range(1, n_rooms):
        step = (k - 1) / max(1, n_rooms - 2)
        weights.append((1.6 - 0.6 * step) * rng.uniform(0.9, 1.1))
    unit = seats_per_attendee * n_attendees / sum(weights)
    return [max(1, round(w * unit)) for w in weights]


def generate(
    n_proposals: int,
    n_rooms: int,
    n_slots: int,
    n_attendees: int,
    *,
    seed: int = 0,
    pinned_share: float = 0.05,
    blocked_share: float = 0.0,
    double_leader_share: float = 0.10,
) -> Instance:
    """A seeded instance of the given size (proposals x rooms x slots x attendees)."""
    rng = random.Random(f"edcamp-{n_proposals}-{n_rooms}-{n_slots}-{n_attendees}-{seed}")
    proposal_ids = list(range(1, n_proposals + 1))
    attendee_ids = list(range(1, n_attendees + 1))
    n_clusters = max(3, n_proposals // 6)
    clusters = {pid: rng.randrange(n_clusters) for pid in proposal_ids}
    votes = generate_votes(proposal_ids, attendee_ids, rng, clusters=clusters)
    voters: dict[int, set[int]] = {pid: set() for pid in proposal_ids}
    for attendee, chosen in votes.items():
        for pid in chosen:
            voters[pid].add(attendee)

    # facilitators: ~10% of them lead two proposals
    n_leaders = max(1, round(n_proposals / (1 + double_leader_share)))
    people = rng.sample(attendee_ids, min(n_leaders, n_attendees))
    owners = list(people) + rng.sample(people, max(0, n_proposals - len(people)))
    rng.shuffle(owners)
    leaders = {pid: owners[k % len(owners)] for k, pid in enumerate(proposal_ids)}

    rooms = tuple(
        RoomInput(id=100 + k, capacity=c)
        for k, c in enumerate(room_capacities(n_rooms, n_attendees, rng))
    )
    slots = tuple(range(1000, 1000 + n_slots))
    all_cells = [(r.id, s) for s in slots for r in rooms]
    blocked = frozenset(rng.sample(all_cells, round(blocked_share * len(all_cells))))

    pins: dict[int, Cell] = {}
    free = [c for c in all_cells if c not in blocked]
    n_pins = min(round(pinned_share * len(all_cells)), len(free), n_proposals)
    leads_in_slot: set[tuple[int, int]] = set()
    for pid in rng.sample(proposal_ids, n_pins):
        for cell in rng.sample(free, len(free)):
            if (leaders[pid], cell[1]) not in leads_in_slot:
                pins[pid] = cell
                free.remove(cell)
                leads_in_slot.add((leaders[pid], cell[1]))
                break

    proposals = tuple(
        ProposalInput(id=pid, voters=frozenset(voters[pid]), facilitators=frozenset({leaders[pid]}))
        for pid in proposal_ids
    )
    problem = Problem(proposals=proposals, rooms=rooms, slots=slots, blocked=blocked, pins=pins)
    return Instance(problem=problem, clusters=clusters, n_attendees=n_attendees, seed=seed)
