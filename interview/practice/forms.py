"""Practice forms: each posts with a CSRF token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, TextAreaField
from wtforms.validators import NumberRange, Optional

from interview.practice.services import PICK_MAX


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
