"""A realistic demo event, so a newcomer sees the whole day at once."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from sqlalchemy import select

from edcamp.accounts.service import create_organizer, find_organizer
from edcamp.attendees.service import GRADE_LEVELS, ROLES, Profile, join_event
from edcamp.connections.demo import add_connections_demo
from edcamp.contacts.demo import add_followup_demo
from edcamp.events import rooms_and_slots
from edcamp.events import service as events
from edcamp.extensions import db
from edcamp.learning.demo import add_learning_demo
from edcamp.models import Event, Facilitator, Proposal, Vote
from edcamp.publishing.demo import publish_demo_schedule

DEMO_SLUG = "demo"
DEMO_EMAIL = "organizer@edcamp.example"
DEMO_PASSWORD = "edcamp-demo-2026"

ROOMS = [
    ("Auditorium", 60),
    ("Library", 30),
    ("Room 101", 25),
    ("Room 102", 25),
    ("Science Lab", 20),
    ("Art Room", 18),
    ("Room 204", 16),
    ("Makerspace", 12),
]
SLOTS = [
    ("09:30", "10:20"),
    ("10:30", "11:20"),
    ("11:30", "12:20"),
    ("13:20", "14:10"),
    ("14:20", "15:10"),
]
TOPICS = [
    ("Thinking classrooms: vertical whiteboards in every subject", ["math", "pedagogy"]),
    ("AI in the classroom: what works, what worries us", ["ai", "edtech"]),
    ("Grading for equity and standards-based grading", ["assessment", "equity"]),
    ("Project-based learning on a shoestring", ["pbl", "pedagogy"]),
    ("Restorative circles in middle school", ["sel", "culture"]),
    ("Podcasting with students", ["media", "literacy"]),
    ("Escape rooms for review days", ["games", "engagement"]),
    ("Building a classroom library that reflects every student", ["literacy", "equity"]),
    ("Teacher burnout: keeping the spark", ["wellbeing"]),
    ("Phones in class: bans, boxes or better lessons?", ["culture", "edtech"]),
    ("Science of reading beyond phonics", ["literacy", "early-years"]),
    ("Outdoor learning in any weather", ["pedagogy", "science"]),
    ("Multilingual learners in the mainstream classroom", ["ell", "equity"]),
    ("Makerspaces without a makerspace budget", ["stem", "making"]),
    ("Feedback that students actually read", ["assessment", "writing"]),
    ("Coding unplugged for K-5", ["cs", "early-years"]),
    ("Chromebooks, Canvas and cognitive load", ["edtech"]),
    ("Student voice: letting kids co-design units", ["pedagogy", "culture"]),
    ("Co-teaching that works for both teachers", ["collaboration", "sped"]),
    ("Universal design for learning in practice", ["sped", "equity"]),
    ("Data dashboards: what to look at on Monday", ["assessment", "leadership"]),
    ("Mentoring new teachers in their first year", ["leadership", "wellbeing"]),
    ("Civil discourse in a polarised year", ["social-studies", "culture"]),
    ("Gamifying homework (or abolishing it)", ["games", "assessment"]),
    ("Media literacy against misinformation", ["media", "literacy"]),
    ("Math talks and number strings", ["math"]),
    ("Climate change across the curriculum", ["science", "social-studies"]),
    ("Sketchnoting for teachers and students", ["visual", "literacy"]),
    ("Retrieval practice in five minutes a day", ["pedagogy", "assessment"]),
    ("Trauma-informed teaching", ["sel", "wellbeing"]),
    ("Makerspace: laser cutters and safety", ["making", "stem"]),
    ("Building a PLN on Mastodon and Bluesky", ["pln", "edtech"]),
    ("Flipped classroom: ten years later", ["edtech", "pedagogy"]),
    ("Inquiry labs in chemistry", ["science", "stem"]),
    ("Family engagement beyond the newsletter", ["community"]),
    ("Choice boards and differentiation", ["sped", "pedagogy"]),
    ("Teaching with primary sources", ["social-studies", "literacy"]),
    ("Student-led conferences", ["assessment", "culture"]),
    ("Mindfulness minutes that don't feel forced", ["sel", "wellbeing"]),
    ("Edcamp on the cheap: running one at your school", ["leadership", "pln"]),
]
FIRST = [
    "Ana",
    "Ben",
    "Chloe",
    "Dev",
    "Elif",
    "Farah",
    "Gus",
    "Hana",
    "Ivan",
    "Jo",
    "Kai",
    "Lena",
    "Mo",
    "Nia",
    "Omar",
    "Pia",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
    "Uma",
    "Vic",
    "Wen",
    "Xavi",
]
LAST = [
    "Alvarez",
    "Brooks",
    "Chen",
    "Dubois",
    "Evans",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lee",
    "Martin",
    "Nguyen",
    "Okafor",
]
SUBJECTS = [
    "Math",
    "Science",
    "English",
    "History",
    "Art",
    "Music",
    "Computer science",
    "Spanish",
    "PE",
    "Special education",
]


def build_demo(
    *, reset: bool = False, seed: int = 2026, publish_schedule: bool = False
) -> tuple[Event, bool]:
    existing = db.session.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    if existing is not None and not reset:
        return existing, False
    if existing is not None:
        db.session.delete(existing)
        db.session.flush()
    rng = random.Random(seed)
    organizer = find_organizer(DEMO_EMAIL) or create_organizer(
        DEMO_EMAIL, DEMO_PASSWORD, name="Demo Organizer"
    )
    event = events.create_event(
        DEMO_SLUG,
        events.EventDetails(
            name="Edcamp Demo",
            date=date.today() + timedelta(days=14),
            timezone="America/New_York",
            venue="Lincoln High School, 100 Main St",
            hashtag="#EdcampDemo",
            votes_per_attendee=5,
            notes_url_template="https://notes.example.org/{event}/{session}",
        ),
        by=organizer,
    )
    for name, capacity in ROOMS:
        rooms_and_slots.add_room(event, name, capacity)
    for start, end in SLOTS:
        rooms_and_slots.add_slot(event, time.fromisoformat(start), time.fromisoformat(end))
    attendees = [_attendee(event, i, rng) for i in range(120)]
    proposals = _proposals(event, attendees, rng)
    _votes(event, attendees, proposals, rng)
    if publish_schedule:  # `flask demo` does; tests that build their own grid do not
        publish_demo_schedule(event, rng)  # the grid from the votes, published, some stars
    add_followup_demo(event, rng)  # after publishing the grid, if the demo publishes one
    add_learning_demo(event)  # reflections on the sessions people checked into
    add_connections_demo(event, rng)
    db.session.flush()
    return event, True


def _attendee(event: Event, i: int, rng: random.Random):
    first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
    handle = f"{first}{last}{i}".lower()
    consents = rng.random() < 0.7
    profile = Profile(
        name=f"{first} {last}",
        email=f"{handle}@school.example" if rng.random() < 0.6 else None,
        role=rng.choice(ROLES[:6]),
        subjects=rng.sample(SUBJECTS, rng.randint(1, 2)),
        grade_levels=rng.sample(GRADE_LEVELS[:5], rng.randint(1, 2)),
        handles={
            "mastodon": f"@{handle}@mastodon.social" if rng.random() < 0.5 else None,
            "bluesky": f"{handle}.bsky.social" if rng.random() < 0.4 else None,
            "blog_feed": f"https://{handle}.blog.example/feed.xml" if rng.random() < 0.2 else None,
        },
        share_contact=consents,
        share_email=consents and rng.random() < 0.5,
    )
    attendee, _token = join_event(event, event.join_code, profile, mail_confirmation=False)
    return attendee


def _proposals(event: Event, attendees, rng: random.Random) -> list[Proposal]:
    proposals = []
    for i, (title, tags) in enumerate(TOPICS):
        proposer = attendees[(i * 3) % len(attendees)]
        is_request = i % 9 == 4
        proposal = Proposal(
            event=event,
            proposer=proposer,
            title=title,
            tags=tags,
            is_request=is_request,
            description=f"Bring your questions and ideas about {title.lower()}.",
        )
        if not is_request:
            proposal.facilitators.append(Facilitator(attendee=proposer))
        db.session.add(proposal)
        proposals.append(proposal)
    db.session.flush()
    return proposals


def _votes(event: Event, attendees, proposals, rng: random.Random) -> None:
    # Zipf-like popularity: a few topics everyone wants, a long tail of niche ones.
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(proposals))]
    order = list(proposals)
    rng.shuffle(order)
    for attendee in attendees:
        wanted = rng.randint(2, event.votes_per_attendee)
        chosen: set[int] = set()
        while len(chosen) < wanted:
            chosen.add(rng.choices(range(len(order)), weights)[0])
        for ballot, index in enumerate(sorted(chosen), start=1):
            db.session.add(
                Vote(
                    event_id=event.id,
                    attendee_id=attendee.id,
                    proposal_id=order[index].id,
                    ballot=ballot,
                )
            )
