from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from edcamp.attendees.public import SHOW_NAME_LABEL
from edcamp.attendees.service import (
    GRADE_LEVELS,
    ROLES,
    Profile,
    grade_level_labels,
    role_labels,
)
from edcamp.contacts.handles import HANDLE_KINDS


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def role_choices() -> list[SelectChoice]:
    """Called when a form is made: the labels in the page's language, values in English."""
    labels = role_labels()
    return [SelectChoice("", _("Choose…")), *(SelectChoice(r, labels[r]) for r in ROLES)]


def grade_level_choices() -> list[SelectChoice]:
    labels = grade_level_labels()
    return [SelectChoice(g, labels[g]) for g in GRADE_LEVELS]


class ProfileFields:
    """Fields shared by the join form and the profile page."""

    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=80)])
    given_name = StringField(_l("Given name"), validators=[Optional(), Length(max=80)])
    family_name = StringField(_l("Family name"), validators=[Optional(), Length(max=80)])
    email = EmailField(_l("Email (optional)"), validators=[Optional(), Email(), Length(max=254)])
    role = SelectField(_l("Role (optional)"), choices=role_choices, default="")
    subjects = StringField(
        _l("Subjects (optional, separate with commas)"), validators=[Optional(), Length(max=300)]
    )
    grade_levels = MultiCheckboxField(_l("Grade levels (optional)"), choices=grade_level_choices)
    mastodon = StringField(
        "Mastodon", validators=[Optional(), Length(max=300)], description="@you@instance.social"
    )
    bluesky = StringField(
        "Bluesky", validators=[Optional(), Length(max=300)], description="you.bsky.social"
    )
    x = StringField("X", validators=[Optional(), Length(max=300)], description="@you")
    linkedin = StringField(
        "LinkedIn",
        validators=[Optional(), Length(max=300)],
        description="https://www.linkedin.com/in/you",
    )
    website = StringField(
        _l("Website"), validators=[Optional(), Length(max=300)], description="https://…"
    )
    blog_feed = StringField(
        _l("Blog feed"), validators=[Optional(), Length(max=300)], description="https://…/feed.xml"
    )
    share_contact = BooleanField(
        _l("Yes, list my name, profile and handles in this event's follow-up contact lists")
    )
    share_email = BooleanField(_l("Also share my email address in those lists"))
    show_name = BooleanField(SHOW_NAME_LABEL)


class JoinForm(ProfileFields, FlaskForm):
    code = StringField(_l("Join code"), validators=[DataRequired(), Length(max=12)])


class CodeForm(FlaskForm):
    code = StringField(_l("Join code"), validators=[DataRequired(), Length(max=12)])


def profile_from_form(form: ProfileFields) -> Profile:
    """The profile a join or profile form describes (blank optional fields become empty)."""
    return Profile(
        name=form.name.data or "",
        given_name=form.given_name.data or "",
        family_name=form.family_name.data or "",
        email=form.email.data or None,
        role=form.role.data or "",
        subjects=[s for s in (form.subjects.data or "").split(",") if s.strip()],
        grade_levels=form.grade_levels.data or [],
        handles={kind: getattr(form, kind).data or None for kind in HANDLE_KINDS},
        share_contact=form.share_contact.data,
        share_email=form.share_email.data,
        show_name=form.show_name.data,
    )
