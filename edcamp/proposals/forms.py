"""Forms of the phone and the moderation page. They validate; the service writes."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from edcamp.attendees.public import SHOW_NAME_LABEL
from edcamp.proposals.service import DESCRIPTION_MAX, TITLE_MAX


class ProposalForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=TITLE_MAX)])
    description = TextAreaField(
        _l("What is it about? (optional)"), validators=[Optional(), Length(max=DESCRIPTION_MAX)]
    )
    tags = StringField(
        _l("Tags (optional)"),
        validators=[Optional(), Length(max=200)],
        description=_l("Separate tags with commas, for example: math, middle school"),
    )
    facilitating = RadioField(
        _l("Who leads it?"),
        choices=[
            SelectChoice("yes", _l("I'll lead it")),
            SelectChoice("no", _l("I'm asking for someone to lead it")),
        ],
        default="yes",
    )
    # Asked again here: proposing is when a name would go on the public schedule.
    show_name = BooleanField(SHOW_NAME_LABEL)


class EditProposalForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=TITLE_MAX)])
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=DESCRIPTION_MAX)]
    )
    tags = StringField(
        _l("Tags"),
        validators=[Optional(), Length(max=200)],
        description=_l("Separate tags with commas."),
    )
    needs = StringField(
        _l("Room needs"),
        validators=[Optional(), Length(max=300)],
        description=_l(
            "What the room must have, separated by commas: projector, step-free, quiet…"
        ),
    )
    length = RadioField(
        _l("Length"),
        choices=[
            SelectChoice("1", _l("One slot")),
            SelectChoice("2", _l("Double session (two slots)")),
        ],
        default="1",
    )


class MergeForm(FlaskForm):
    into = IntegerField(_l("Merge into proposal"), validators=[DataRequired(), NumberRange(1)])


class MergeChoiceForm(FlaskForm):
    """Two proposals that look alike, and which one the organizer keeps."""

    a = IntegerField(validators=[DataRequired(), NumberRange(1, 2**31 - 1)])
    b = IntegerField(validators=[DataRequired(), NumberRange(1, 2**31 - 1)])
    keep = RadioField(
        _l("Which proposal do you keep?"),
        choices=[SelectChoice("a", _l("The first")), SelectChoice("b", _l("The second"))],
        validators=[DataRequired(message=_l("Choose the proposal to keep."))],
    )


class CloseVotingForm(FlaskForm):
    closes_at = DateTimeLocalField(
        _l("Close voting at (event time)"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()]
    )
