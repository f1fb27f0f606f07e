"""Forms of the follow-up pages. They validate; the domain functions write."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, Optional

from edcamp.attendees.forms import ProfileFields
from edcamp.contacts.resources import MAX_NOTE


class ProfileForm(ProfileFields, FlaskForm):
    """The join form's profile fields, editable at any time."""


class DeleteMeForm(FlaskForm):
    confirm = BooleanField(
        _l("I understand: my name, email, handles and activity are erased and cannot be restored"),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )


class PurgeForm(FlaskForm):
    confirm = StringField(
        _l("Type the event's short name to confirm"), validators=[DataRequired(), Length(max=64)]
    )


class ResourceForm(FlaskForm):
    url = StringField(_l("Link"), validators=[DataRequired(), Length(max=500)])
    note = StringField(
        _l("One line about it"),
        validators=[Optional(), Length(max=MAX_NOTE)],
        description=_l("What is it, and why is it worth a look?"),
    )


class PeopleSettingsForm(FlaskForm):
    people_from_checkins = BooleanField(_l("Attendees who checked in (\u201cI'm here\u201d)"))
    people_from_stars = BooleanField(_l("Attendees who starred the session"))
    people_from_votes = BooleanField(_l("Attendees who voted for it"))
