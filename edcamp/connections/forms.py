"""Forms of the connection pages. They validate; the domain functions write."""

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from edcamp.attendees.forms import MultiCheckboxField
from edcamp.attendees.service import GRADE_LEVELS
from edcamp.connections.partners import MAX_IDEA, MAX_SUBJECT
from edcamp.connections.service import KINDS, MAX_MESSAGE
from edcamp.connections.sharing import SHARE_LABELS


class AskForm(FlaskForm):
    kind = RadioField(
        "What would you like?",
        choices=[SelectChoice(kind, label) for kind, label in KINDS.items()],
        default="stay_in_touch",
        validators=[DataRequired(message="Choose what you would like.")],
    )
    message = TextAreaField(
        "A message (optional)",
        validators=[Optional(), Length(max=MAX_MESSAGE)],
        description="Say where you met or what you would like to do together.",
    )
    share = MultiCheckboxField("What they see of you if they accept", choices=[])

    def offer(self, fields: list[str]) -> None:
        """Offer the fields this attendee has filled in; all ticked on a fresh form."""
        self.share.choices = [SelectChoice(f, SHARE_LABELS[f]) for f in fields]
        if not self.is_submitted():
            self.share.data = list(fields)


class PartnerForm(FlaskForm):
    subject = StringField(
        "Subject", validators=[DataRequired(), Length(max=MAX_SUBJECT)], description="e.g. Science"
    )
    grade_levels = MultiCheckboxField("Grade levels", choices=list(GRADE_LEVELS))
    idea = TextAreaField(
        "The idea, in a line",
        validators=[DataRequired(), Length(max=MAX_IDEA)],
        description="e.g. Pen pals between a city and a rural class, writing about water.",
    )
