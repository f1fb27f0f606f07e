from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from edcamp.errors import Invalid
from edcamp.events.clock import read_clock
from edcamp.events.rooms_and_slots import MAX_CAPACITY
from edcamp.events.service import MAX_VOTES
from edcamp.events.timezones import HINT, resolve_zone
from edcamp.languages import DEFAULT_LANGUAGE, LANGUAGES


def CLOCK(_form, field) -> None:  # noqa: N802 (reads like the other validators)
    """A time of day as people type it: 9:30, 9.30, 9:30am, 14:15; a clear message if not."""
    try:
        read_clock(field.data or "")
    except ValueError as error:
        raise ValidationError(str(error)) from error


def TIME_ZONE(_form, field) -> None:  # noqa: N802 (reads like the other validators)
    """What was typed ("berlin", "Europe/Berlin") as one IANA zone, or a message saying why not."""
    try:
        field.data = resolve_zone(field.data)
    except Invalid as error:
        raise ValidationError(error.message) from error


class EventForm(FlaskForm):
    name = StringField(_l("Event name"), validators=[DataRequired(), Length(max=120)])
    slug = StringField(
        _l("Short name (in web addresses)"),
        validators=[
            DataRequired(),
            Length(min=2, max=64),
            Regexp(
                r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$",
                message=_l("Lowercase letters, digits and hyphens only."),
            ),
        ],
    )
    # InputRequired, not DataRequired: DataRequired calls an unreadable date or a 0 "required"
    # and hides the real message ("Not a valid date value.", "Number must be between ...").
    date = DateField(_l("Date"), validators=[InputRequired()])
    timezone = StringField(
        _l("Time zone"),
        validators=[
            DataRequired(message=_l("Choose the event's time zone. %(hint)s", hint=HINT)),
            TIME_ZONE,
        ],
        default="America/New_York",
    )
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=200)])
    hashtag = StringField(_l("Event hashtag"), validators=[Optional(), Length(max=64)])
    votes_per_attendee = IntegerField(
        _l("Votes per attendee"), default=5, validators=[InputRequired(), NumberRange(1, MAX_VOTES)]
    )
    notes_url_template = URLField(
        _l("Session notes link template (optional)"),
        validators=[Optional(), Length(max=500)],
        description=_l("For example https://notes.example.org/{event}/{session}"),
    )
    language = SelectField(
        _l("Language of the sessions"),
        choices=[SelectChoice(tag, label) for tag, label in LANGUAGES.items()],
        default=DEFAULT_LANGUAGE,
    )


class EditEventForm(EventForm):
    slug = None  # the short name is in every printed QR code: it never changes


class VotingForm(FlaskForm):
    # ids of their own: "voting" is the id of the manage page's Voting card
    voting = SelectField(
        _l("Voting"),
        id="voting-state",
        choices=[
            SelectChoice("open", _l("Open")),
            SelectChoice("closed", _l("Closed")),
        ],
    )
    show_counts = BooleanField(
        _l("Show live vote counts to attendees while voting is open"), id="voting-show-counts"
    )


# The room and slot forms share the manage page with the event form: ids of their own keep
# each label pointing at its own input ("name" is the event's name field).
class RoomForm(FlaskForm):
    name = StringField(_l("Room name"), id="room-name", validators=[DataRequired(), Length(max=80)])
    capacity = IntegerField(
        _l("Seats"), id="room-capacity", validators=[InputRequired(), NumberRange(1, MAX_CAPACITY)]
    )
    features = StringField(
        _l("Features"),
        id="room-features",
        validators=[Optional(), Length(max=300)],
        description=_l("Separated by commas: projector, step-free, quiet, outdoor, kitchen…"),
    )


class SlotForm(FlaskForm):
    starts_at = StringField(_l("Starts"), id="slot-starts", validators=[DataRequired(), CLOCK])
    ends_at = StringField(_l("Ends"), id="slot-ends", validators=[DataRequired(), CLOCK])
    break_label = StringField(
        _l("Break"),
        id="slot-break",
        validators=[Optional(), Length(max=80)],
        description=_l("Only for a slot without sessions: Lunch, Smackdown…"),
    )
