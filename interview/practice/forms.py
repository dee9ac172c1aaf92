"""Practice forms: each posts with a CSRF token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, NumberRange, Optional

from interview.practice.services import PICK_MAX, TIME_UP_CHOICES


class StartForm(FlaskForm):
    """Empty but for the CSRF token: starting a loop needs no fields."""


class PickForm(FlaskForm):
    question_id = HiddenField()
    kind = SelectField("Kind", choices=[], validate_choice=False)
    level = SelectField("Level", choices=[], validate_choice=False)
    topic = SelectField("Topic", choices=[], validate_choice=False)
    count = IntegerField("How many", default=3, validators=[Optional(), NumberRange(1, PICK_MAX)])


class AnswerForm(FlaskForm):
    answer = TextAreaField("Your answer")


class EndForm(FlaskForm):
    """Empty but for the CSRF token: ending a session needs no fields."""


TIME_UP_LABELS = {"late": "Keep writing; the answer is marked late",
                  "submit": "Submit my answer automatically"}


class TimeUpForm(FlaskForm):
    """Rendered as radio buttons by the template (TIME_UP_LABELS)."""

    on_time_up = StringField("When time runs out", default="late",
                             validators=[AnyOf(TIME_UP_CHOICES)])
