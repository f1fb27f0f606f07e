"""Forms of the feedback and follow-up pages. They validate; the domain functions write."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length

from edcamp.feedback.service import MAX_COMMENT


class FeedbackForm(FlaskForm):
    """Two submit buttons named ``useful`` ("yes" / "no"): one tap, the comment with it."""

    useful = StringField(
        _l("Was it useful?"),
        validators=[
            InputRequired(message=_l("Tap \u201cUseful\u201d or \u201cNot for me\u201d.")),
            AnyOf(["yes", "no"], message=_l("Tap \u201cUseful\u201d or \u201cNot for me\u201d.")),
        ],
    )
    comment = TextAreaField(
        _l("A comment to the facilitators (optional)"),
        validators=[
            Length(
                max=MAX_COMMENT,
                message=_l("Keep the comment to at most %(max)d characters."),
            )
        ],
        description=_l("They read it without your name."),
    )


class SendFollowUpForm(FlaskForm):
    """Only the CSRF token: the button is the decision."""


class WithdrawFeedbackForm(FlaskForm):
    """Only the CSRF token: "Remove my feedback"."""
