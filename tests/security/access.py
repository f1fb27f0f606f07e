"""Who may use each route: the declarations the authorization matrix test checks.

EVERY route of the app is declared here, as "METHOD /rule" (exactly as in the URL map) ->
the set of roles that get through. The test calls every route as every role and fails when
a role that is not declared gets through, when a declared role is turned away, and when a
route has no declaration at all. Adding a route? Add its line below, and if its URL has a
variable no other route has, a value for it in ``tests/security/world.py`` (VALUES).

Roles: anonymous; attendee (joined the event; proposed and leads its session, posted its
resource); other_attendee (joined the same event); foreign_attendee (joined another event);
organizer (of the event); foreign_organizer (organizes another event only). "Turned away"
means 401, 403, 404, or a redirect to the sign-in or join page; "gets through" means any
other answer below 500 (a 422 for the empty body the test sends is fine).
"""

from __future__ import annotations

ROLES = (
    "anonymous",
    "attendee",
    "other_attendee",
    "foreign_attendee",
    "organizer",
    "foreign_organizer",
)

PUBLIC = frozenset(ROLES)
ATTENDEES = frozenset({"attendee", "other_attendee"})  # of this event, acting on themselves
OWNER = frozenset({"attendee"})  # the attendee who proposed / posted the thing
OWNER_OR_ORGANIZER = frozenset({"attendee", "organizer"})
ORGANIZER = frozenset({"organizer"})  # of this event
ANY_ORGANIZER = frozenset({"organizer", "foreign_organizer"})  # signed in, any event
# A secret in the URL is the permission (feeds, learning records, unsubscribe links):
# whoever holds the link may use it, so every role gets through with the right link.
CAPABILITY = PUBLIC

ACCESS: dict[str, frozenset[str]] = {
    "GET /": PUBLIC,
    "GET /healthz": PUBLIC,
    "GET /readyz": PUBLIC,
    "GET /metrics": frozenset(),  # only with the operator's METRICS_TOKEN
    "GET /join": PUBLIC,
    "POST /join": PUBLIC,
    "GET /j/<code>": PUBLIC,
    "GET /login": PUBLIC,
    "POST /login": PUBLIC,
    "POST /logout": PUBLIC,
    "GET /dashboard": ANY_ORGANIZER,
    "GET /events/new": ANY_ORGANIZER,
    "POST /events/new": ANY_ORGANIZER,
    "GET /feeds/<feed_token>.ics": CAPABILITY,
    "GET /mail/unsubscribe/<token>": CAPABILITY,
    "POST /mail/unsubscribe/<token>": CAPABILITY,
    # Event pages
    "GET /events/<slug>": PUBLIC,
    "GET /events/<slug>/join": PUBLIC,
    "POST /events/<slug>/join": PUBLIC,
    "GET /events/<slug>/join.png": ORGANIZER,
    "GET /events/<slug>/join.svg": ORGANIZER,
    "GET /events/<slug>/poster": ORGANIZER,
    "GET /events/<slug>/manage": ORGANIZER,
    "POST /events/<slug>/manage": ORGANIZER,
    "POST /events/<slug>/organizers": ORGANIZER,
    "POST /events/<slug>/rooms": ORGANIZER,
    "POST /events/<slug>/rooms/<int:room_id>": ORGANIZER,
    "POST /events/<slug>/slots": ORGANIZER,
    "POST /events/<slug>/slots/<int:slot_id>/remove": ORGANIZER,
    "POST /events/<slug>/voting": ORGANIZER,
    "GET /events/<slug>/mail": ORGANIZER,
    "POST /events/<slug>/mail/<int:mail_id>/retry": ORGANIZER,
    # Proposals and voting pages
    "GET /events/<slug>/vote": ATTENDEES,
    "POST /events/<slug>/vote/<int:proposal_id>": ATTENDEES,
    "POST /events/<slug>/propose": ATTENDEES,
    "POST /events/<slug>/proposals/<int:proposal_id>/facilitate": ATTENDEES,
    "GET /events/<slug>/proposals/<int:proposal_id>/edit": OWNER_OR_ORGANIZER,
    "POST /events/<slug>/proposals/<int:proposal_id>/edit": OWNER_OR_ORGANIZER,
    "GET /events/<slug>/board": ORGANIZER,
    "GET /events/<slug>/moderate": ORGANIZER,
    "POST /events/<slug>/moderate/<int:proposal_id>/hidden": ORGANIZER,
    "POST /events/<slug>/moderate/<int:proposal_id>/merge": ORGANIZER,
    "POST /events/<slug>/moderate/merges/<int:merge_id>/undo": ORGANIZER,
    "POST /events/<slug>/moderate/voting": ORGANIZER,
    "GET /events/<slug>/schedule/edit": ORGANIZER,
    # Published schedule: pages and feeds
    "GET /events/<slug>/schedule": PUBLIC,
    "GET /events/<slug>/embed": PUBLIC,
    "GET /events/<slug>/schedule/print": PUBLIC,
    "GET /events/<slug>/door-signs": PUBLIC,
    "GET /events/<slug>/now": PUBLIC,
    "GET /events/<slug>/now/rows": PUBLIC,
    "GET /events/<slug>/now/stream": PUBLIC,
    "GET /events/<slug>/sessions/<int:session_id>": PUBLIC,
    "GET /events/<slug>/sessions/<int:session_id>/calendar.ics": PUBLIC,
    "GET /events/<slug>/rooms/<int:room_id>": PUBLIC,
    "GET /events/<slug>/rooms/<int:room_id>/qr.<any(png, svg):fmt>": PUBLIC,
    "GET /events/<slug>/rooms/<int:room_id>/schedule.ics": PUBLIC,
    "GET /events/<slug>/schedule.ics": PUBLIC,
    "GET /events/<slug>/schedule.json": PUBLIC,
    "GET /events/<slug>/schedule.xml": PUBLIC,
    "POST /events/<slug>/sessions/<int:session_id>/star": ATTENDEES,
    "POST /events/<slug>/sessions/<int:session_id>/notes-link": ORGANIZER,
    "POST /events/<slug>/feed/rotate": ATTENDEES,
    # After the day: attendee pages
    "GET /events/<slug>/me": ATTENDEES,
    "POST /events/<slug>/me": ATTENDEES,
    "POST /events/<slug>/me/delete": ATTENDEES,
    "GET /events/<slug>/me/connect": ATTENDEES,
    "GET /events/<slug>/me/follow-up": ATTENDEES,
    "GET /events/<slug>/me/record": ATTENDEES,
    "GET /events/<slug>/me/export/<name>": ATTENDEES,
    "GET /events/<slug>/sessions/<int:session_id>/checkin": ATTENDEES,
    "POST /events/<slug>/sessions/<int:session_id>/checkin": ATTENDEES,
    "GET /events/<slug>/records/<token>": CAPABILITY,
    "GET /events/<slug>/resources": PUBLIC,
    "POST /events/<slug>/resources": ATTENDEES,
    "POST /events/<slug>/resources/<int:resource_id>/remove": OWNER_OR_ORGANIZER,
    # After the day: organizer pages
    "GET /events/<slug>/contacts": ORGANIZER,
    "POST /events/<slug>/contacts/settings": ORGANIZER,
    "GET /events/<slug>/export/<name>": ORGANIZER,
    "GET /events/<slug>/report": ORGANIZER,
    "GET /events/<slug>/report.csv": ORGANIZER,
    "GET /events/<slug>/purge": ORGANIZER,
    "POST /events/<slug>/purge": ORGANIZER,
    # JSON API
    "GET /api/v1/openapi.json": PUBLIC,
    "POST /api/v1/token": PUBLIC,
    "POST /api/v1/events": ANY_ORGANIZER,
    "GET /api/v1/events/<slug>": PUBLIC,
    "PATCH /api/v1/events/<slug>": ORGANIZER,
    "POST /api/v1/events/<slug>/join": PUBLIC,
    "GET /api/v1/events/<slug>/board": PUBLIC,
    "GET /api/v1/events/<slug>/board/stream": PUBLIC,
    "GET /api/v1/events/<slug>/mail": ORGANIZER,
    "POST /api/v1/events/<slug>/organizers": ORGANIZER,
    "POST /api/v1/events/<slug>/rooms": ORGANIZER,
    "PATCH /api/v1/events/<slug>/rooms/<int:room_id>": ORGANIZER,
    "DELETE /api/v1/events/<slug>/rooms/<int:room_id>": ORGANIZER,
    "PUT /api/v1/events/<slug>/rooms/<int:room_id>/blocked/<int:slot_id>": ORGANIZER,
    "DELETE /api/v1/events/<slug>/rooms/<int:room_id>/blocked/<int:slot_id>": ORGANIZER,
    "POST /api/v1/events/<slug>/slots": ORGANIZER,
    "DELETE /api/v1/events/<slug>/slots/<int:slot_id>": ORGANIZER,
    "PATCH /api/v1/events/<slug>/slots/<int:slot_id>": ORGANIZER,
    "GET /api/v1/events/<slug>/me": ATTENDEES,
    "PATCH /api/v1/events/<slug>/me": ATTENDEES,
    "DELETE /api/v1/events/<slug>/me": ATTENDEES,
    "GET /api/v1/events/<slug>/me/connect": ATTENDEES,
    "POST /api/v1/events/<slug>/feed-token": ATTENDEES,
    "GET /api/v1/events/<slug>/stars": ATTENDEES,
    "PUT /api/v1/events/<slug>/stars/<int:proposal_id>": ATTENDEES,
    "DELETE /api/v1/events/<slug>/stars/<int:proposal_id>": ATTENDEES,
    "GET /api/v1/events/<slug>/votes": ATTENDEES,
    "POST /api/v1/events/<slug>/proposals": ATTENDEES,
    "GET /api/v1/events/<slug>/proposals": PUBLIC,
    "GET /api/v1/events/<slug>/proposals/duplicates": ORGANIZER,
    "GET /api/v1/events/<slug>/proposals/<int:proposal_id>": PUBLIC,
    "PATCH /api/v1/events/<slug>/proposals/<int:proposal_id>": OWNER_OR_ORGANIZER,
    "POST /api/v1/events/<slug>/proposals/<int:proposal_id>/facilitators": ATTENDEES,
    "DELETE /api/v1/events/<slug>/proposals/<int:proposal_id>/facilitators": ATTENDEES,
    "POST /api/v1/events/<slug>/proposals/<int:proposal_id>/merge": ORGANIZER,
    "POST /api/v1/events/<slug>/merges/<int:merge_id>/undo": ORGANIZER,
    "POST /api/v1/events/<slug>/proposals/<int:proposal_id>/vote": ATTENDEES,
    "DELETE /api/v1/events/<slug>/proposals/<int:proposal_id>/vote": ATTENDEES,
    "GET /api/v1/events/<slug>/resources": PUBLIC,
    "POST /api/v1/events/<slug>/resources": ATTENDEES,
    "GET /api/v1/events/<slug>/schedule": PUBLIC,
    "POST /api/v1/events/<slug>/schedule/build": ORGANIZER,
    "PUT /api/v1/events/<slug>/schedule": ORGANIZER,
    "POST /api/v1/events/<slug>/schedule/publish": ORGANIZER,
    "PUT /api/v1/events/<slug>/schedule/<int:proposal_id>": ORGANIZER,
    "DELETE /api/v1/events/<slug>/schedule/<int:proposal_id>": ORGANIZER,
    "PUT /api/v1/events/<slug>/schedule/<int:proposal_id>/mode": ORGANIZER,
    "GET /api/v1/events/<slug>/schedule/<int:proposal_id>/preview": ORGANIZER,
    "PUT /api/v1/events/<slug>/sessions/<int:proposal_id>/notes-link": ORGANIZER,
    "PATCH /api/v1/events/<slug>/sessions/<int:proposal_id>": ORGANIZER,
    "PUT /api/v1/events/<slug>/sessions/<int:session_id>/checkin": ATTENDEES,
    "DELETE /api/v1/events/<slug>/sessions/<int:session_id>/checkin": ATTENDEES,
}
