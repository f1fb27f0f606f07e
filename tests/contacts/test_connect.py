import random

import pytest

from edcamp.contacts.connect import Connections, Person, connect_for, people_to_connect


def person(pid, name=None, *, consenting=True, sessions=(), interests=(), **kw):
    return Person(
        pid,
        name or f"P{pid}",
        consenting=consenting,
        sessions=frozenset(sessions),
        interests=frozenset(interests),
        subjects=frozenset(kw.pop("subjects", ())),
        grade_levels=frozenset(kw.pop("grade_levels", ())),
        **kw,
    )


def test_ranked_by_shared_sessions_with_the_reason():
    me = person(1, sessions={10, 11, 12})
    three = person(2, "Three", sessions={10, 11, 12})
    one = person(3, "One", sessions={12})
    stranger = person(4, "Stranger", sessions={99})
    result = connect_for(1, [me, three, one, stranger])
    assert [s.name for s in result.suggestions] == ["Three", "One"]
    assert result.suggestions[0].reason == "3 sessions in common"
    assert result.suggestions[1].reason == "1 session in common"


def test_non_consenting_people_are_never_suggested():
    me = person(1, sessions={10}, interests={20})
    shy = person(2, "Shy", consenting=False, sessions={10}, interests={20})
    result = connect_for(1, [me, shy])
    assert result.suggestions == ()
    assert result.outside_bubble == ()


def test_non_consenting_attendee_still_sees_people_who_consented():
    me = person(1, consenting=False, sessions={10})
    open_ = person(2, "Open", sessions={10})
    assert [s.person_id for s in connect_for(1, [me, open_]).suggestions] == [2]


def test_subjects_and_grades_boost_but_do_not_create_candidates():
    me = person(1, sessions={10}, subjects={"Math"}, grade_levels={"6-8"})
    same = person(2, "Same", sessions={10}, subjects={"math"}, grade_levels={"6-8"})
    other = person(3, "Other", sessions={10}, subjects={"Art"})
    only_subject = person(4, "OnlySubject", subjects={"Math"})
    result = connect_for(1, [me, same, other, only_subject])
    assert [s.name for s in result.suggestions] == ["Same", "Other"]
    assert (
        result.suggestions[0].reason == "1 session in common; both teach math; both work with 6-8"
    )
    assert result.suggestions[0].score > result.suggestions[1].score


def test_shared_votes_and_stars_count():
    me = person(1, interests={20, 21})
    fan = person(2, "Fan", interests={20, 21, 22})
    result = connect_for(1, [me, fan])
    assert result.suggestions[0].reason == "2 shared votes or stars"


def test_outside_your_bubble_needs_a_shared_session_and_a_difference():
    me = person(1, role="teacher", sessions={10}, subjects={"Math"}, grade_levels={"K-2"})
    twins = [
        person(
            i, f"Twin{i}", role="teacher", sessions={10}, subjects={"Math"}, grade_levels={"K-2"}
        )
        for i in range(2, 5)
    ]
    librarian = person(9, "Lib", role="librarian", sessions={10}, subjects={"Math"})
    voter_only = person(8, "Voter", role="coach", interests={1})
    result = connect_for(1, [me, *twins, librarian, voter_only], limit=3)
    assert {s.name for s in result.suggestions} == {"Twin2", "Twin3", "Twin4"}
    assert [s.name for s in result.outside_bubble] == ["Lib"]
    assert result.outside_bubble[0].reason.startswith("1 session in common; a librarian")


def test_ties_break_by_name_and_limit_applies():
    me = person(1, sessions={10})
    others = [person(i, name, sessions={10}) for i, name in [(2, "bea"), (3, "Al"), (4, "Cy")]]
    result = connect_for(1, [me, *others], limit=2)
    assert [s.name for s in result.suggestions] == ["Al", "bea"]


def test_unknown_person_gets_nothing():
    assert connect_for(42, [person(1)]) == Connections(42)


@pytest.mark.slow
def test_all_thousand_attendees_get_ten_suggestions():
    # How fast: bench/contacts.py ("people to connect with"), not a wall-clock budget here.
    rnd = random.Random(7)
    subjects = ["Math", "Science", "ELA", "History", "Art", "Music", "PE", "CS"]
    grades = ["K-2", "3-5", "6-8", "9-12", "Higher ed"]
    people = [
        person(
            i,
            consenting=rnd.random() < 0.8,
            role=rnd.choice(["teacher", "librarian", "coach"]),
            subjects=rnd.sample(subjects, 2),
            grade_levels=rnd.sample(grades, 1),
            sessions=rnd.sample(range(60), 4),
            interests=rnd.sample(range(80), 7),
        )
        for i in range(1000)
    ]
    result = people_to_connect(people)
    assert len(result) == 1000
    assert all(len(c.suggestions) == 10 for c in result.values())
