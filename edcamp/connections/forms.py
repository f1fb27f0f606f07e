"""Forms of the connection pages. They validate; the domain functions write."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from edcamp.attendees.forms import MultiCheckboxField, grade_level_choices
from edcamp.connections.partners import MAX_IDEA, MAX_SUBJECT
from edcamp.connections.service import KINDS, MAX_MESSAGE
from edcamp.connections.sharing import SHARE_LABELS


class AskForm(FlaskForm):
    kind = RadioField(
        _l("What would you like?"),
        choices=[SelectChoice(kind, label) for kind, label in KINDS.items()],
        default="stay_in_touch",
        validators=[DataRequired(message=_l("Choose what you would like."))],
    )
    message = TextAreaField(
        _l("A message (optional)"),
        validators=[Optional(), Length(max=MAX_MESSAGE)],
        description=_l("Say where you met or what you would like to do together."),
    )
    share = MultiCheckboxField(_l("What they see of you if they accept"), choices=[])

    def offer(self, fields: list[str]) -> None:
        """Offer the fields this attendee has filled in; all ticked on a fresh form."""
        self.share.choices = [SelectChoice(f, SHARE_LABELS[f]) for f in fields]
        if not self.is_submitted():
            self.share.data = list(fields)


class PartnerForm(FlaskForm):
    subject = StringField(
        _l("Subject"),
        validators=[DataRequired(), Length(max=MAX_SUBJECT)],
        description=_l("e.g. Science"),
    )
    grade_levels = MultiCheckboxField(_l("Grade levels"), choices=grade_level_choices)
    idea = TextAreaField(
        _l("The idea, in a line"),
        validators=[DataRequired(), Length(max=MAX_IDEA)],
        description=_l("e.g. Pen pals between a city and a rural class, writing about water."),
    )
