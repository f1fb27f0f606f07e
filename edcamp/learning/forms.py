"""Forms of the reflection and learning-record pages. They validate; the domain writes."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from edcamp.learning.confirmation import MAX_NOTE
from edcamp.learning.reflections import MAX_LABEL, MAX_LEARNED, MAX_OUTCOME, MAX_WILL_TRY


class ReflectionForm(FlaskForm):
    learned = TextAreaField(
        _l("What I learned"),
        validators=[Optional(), Length(max=MAX_LEARNED)],
        render_kw={"rows": 5, "maxlength": MAX_LEARNED},
    )
    will_try = TextAreaField(
        _l("What I will try"),
        validators=[Optional(), Length(max=MAX_WILL_TRY)],
        description=_l("In your class or school. We ask you later how it went."),
        render_kw={"rows": 3, "maxlength": MAX_WILL_TRY},
    )
    on_record = BooleanField(
        _l("Show this reflection on my learning record (its PDF and verification link)")
    )


class EvidenceForm(FlaskForm):
    url = StringField(
        _l("Link"),
        validators=[DataRequired(message=_l("Paste the link to your evidence.")), Length(max=500)],
        description=_l("Your blog post, a resource you shared, a post in an online discussion."),
        render_kw={"inputmode": "url", "autocomplete": "url"},
    )
    label = StringField(
        _l("What it is (optional)"),
        validators=[Optional(), Length(max=MAX_LABEL)],
        render_kw={"maxlength": MAX_LABEL},
    )


class OutcomeForm(FlaskForm):
    outcome = TextAreaField(
        _l("How it went"),
        validators=[Optional(), Length(max=MAX_OUTCOME)],
        render_kw={"rows": 4, "maxlength": MAX_OUTCOME},
    )


class ActionForm(FlaskForm):
    """A button that only needs its CSRF token (remove, rotate, delete)."""


class ConfirmRecordsForm(FlaskForm):
    note = StringField(
        _l("A note on the records (optional)"),
        validators=[Optional(), Length(max=MAX_NOTE)],
        description=_l(
            "E.g. \u201cAttendance taken by check-in at the door of each session.\u201d"
        ),
    )
