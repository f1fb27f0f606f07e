import pytest

from edcamp.attendees.service import attendee_for_token
from edcamp.contacts import people, privacy, resources
from edcamp.errors import Conflict, Forbidden, Invalid, NotFound
from edcamp.extensions import db
from edcamp.models import CheckIn, Facilitator, Resource, Star, Vote
from edcamp.voting.service import vote_counts


def names(contacts):
    return sorted(c.name for c in contacts)


def test_event_contacts_hold_only_consenting_attendees(scene):
    contacts = people.contacts_for(scene.event)
    assert names(contacts) == ["Ann <b>Bold</b>", "Bob", "Dee"]
    emails = {c.name: c.email for c in contacts}
    assert emails == {"Ann <b>Bold</b>": "ann@school.test", "Bob": None, "Dee": None}


def test_session_people_are_facilitators_plus_checkins_and_stars_by_default(scene):
    part = people.load_participation(scene.event)
    assert part.people_of(scene.maker.id) == {scene.ann.id, scene.bob.id, scene.cy.id}
    assert part.people_of(scene.podcasts.id) == {scene.bob.id, scene.dee.id}
    contacts = people.contacts_for(scene.event, proposal_ids={scene.maker.id})
    assert names(contacts) == ["Ann <b>Bold</b>", "Bob"]
    ann = next(c for c in contacts if c.name.startswith("Ann"))
    assert ann.sessions == ("Makerspaces",)


def test_organizers_choose_what_counts(scene):
    scene.event.people_from_checkins = False
    scene.event.people_from_stars = False
    scene.event.people_from_votes = True
    db.session.commit()
    part = people.load_participation(scene.event)
    assert part.people_of(scene.podcasts.id) == {scene.bob.id, scene.dee.id}  # facilitator + vote
    scene.event.people_from_votes = False
    db.session.commit()
    assert people.load_participation(scene.event).people_of(scene.podcasts.id) == {scene.bob.id}


def test_check_in_to_several_sessions_of_one_slot(scene):
    assert people.check_in(scene.ann, scene.podcasts) is True
    assert people.check_in(scene.ann, scene.podcasts) is False  # repeating is a no-op
    people.check_in(scene.cy, scene.podcasts)  # cy is already in "Makerspaces", same slot
    db.session.commit()
    assert people.is_checked_in(scene.cy, scene.maker)
    assert people.is_checked_in(scene.cy, scene.podcasts)
    people.undo_check_in(scene.cy, scene.podcasts)
    assert not people.is_checked_in(scene.cy, scene.podcasts)


def test_check_in_refused_for_a_session_not_on_the_grid(scene):
    with pytest.raises(Conflict) as caught:
        people.check_in(scene.ann, scene.unscheduled)
    assert caught.value.code == "not_scheduled"


def test_check_in_refused_for_another_events_session(scene, make_event, make_attendee):
    other = make_event()
    stranger, _ = make_attendee(other)
    with pytest.raises(NotFound):
        people.check_in(stranger, scene.maker)


def test_deleting_an_attendee_keeps_vote_counts(scene):
    before = vote_counts(scene.event)
    privacy.delete_attendee(scene.ann)
    db.session.commit()
    assert vote_counts(scene.event) == before
    assert db.session.query(Vote).filter_by(attendee_id=scene.ann.id).count() == 1
    ann = scene.ann
    assert (ann.name, ann.email, ann.mastodon, ann.bluesky, ann.share_contact) == (
        None,
        None,
        None,
        None,
        False,
    )
    assert ann.subjects == []
    assert ann.role == ""
    assert ann.deleted_at is not None
    assert attendee_for_token(scene.ann_token) is None
    assert db.session.query(Facilitator).filter_by(attendee_id=ann.id).count() == 0
    assert "Ann <b>Bold</b>" not in names(people.contacts_for(scene.event))


def test_deleting_removes_the_attendees_own_posts_and_activity(scene):
    resources.post_resource(scene.cy, "https://cy.example/slides", "My slides")
    privacy.delete_attendee(scene.cy)
    db.session.commit()
    assert db.session.query(Resource).count() == 0
    assert db.session.query(CheckIn).filter_by(attendee_id=scene.cy.id).count() == 0


def test_purge_needs_the_short_name(scene):
    with pytest.raises(Invalid):
        privacy.purge_event(scene.event, by=scene.organizer, confirm="yes")
    assert scene.ann.name == "Ann <b>Bold</b>"


def test_purge_refused_to_another_events_organizer(scene, make_organizer):
    with pytest.raises(Forbidden):
        privacy.purge_event(scene.event, by=make_organizer(), confirm=scene.event.slug)


def test_purge_erases_everyone_but_keeps_counts_and_links(scene):
    before = vote_counts(scene.event)
    resources.post_resource(scene.bob, "https://bob.example/list", "Reading list")
    erased = privacy.purge_event(scene.event, by=scene.organizer, confirm=scene.event.slug)
    db.session.commit()
    assert erased == 4
    assert vote_counts(scene.event) == before
    assert people.contacts_for(scene.event) == []
    assert db.session.query(Star).count() == 0
    assert db.session.query(CheckIn).count() == 0
    link = db.session.query(Resource).one()
    assert link.attendee_id is None
    assert scene.event.purged_at is not None
    for token in (scene.ann_token, scene.bob_token, scene.cy_token, scene.dee_token):
        assert attendee_for_token(token) is None


def test_resource_wall_rejects_unsafe_links_and_hides_non_consenting_authors(scene):
    with pytest.raises(Invalid) as caught:
        resources.post_resource(scene.ann, "javascript:alert(1)", "x")
    assert "only http" in caught.value.message
    with pytest.raises(Invalid):
        resources.post_resource(scene.ann, "https://ok.example/", "x" * 300)
    resources.post_resource(scene.cy, "https://cy.example/", "From Cy")
    resources.post_resource(scene.ann, "https://ann.example/", "From Ann")
    items = resources.wall(scene.event)
    assert [(i.note, i.by) for i in items] == [("From Ann", "Ann <b>Bold</b>"), ("From Cy", "")]


def test_only_author_or_organizer_removes_a_link(scene):
    item = resources.post_resource(scene.ann, "https://ann.example/", "From Ann")
    with pytest.raises(Forbidden):
        resources.remove_resource(item, attendee=scene.bob)
    resources.remove_resource(item, organizer=scene.organizer)
    assert item.hidden
    assert resources.wall(scene.event) == []
