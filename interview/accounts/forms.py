"""Sign-in forms (Flask-WTF: every one carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from interview.accounts.services import FOCUS_KINDS, MAX_PASSWORD, NAME_MAX
from interview.levels import LEVELS

LEVEL_CHOICES = [SelectChoice(level, level.title()) for level in LEVELS]


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_PASSWORD)])


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class RegisterForm(FlaskForm):
    name = StringField("Name", filters=[_strip],
                       validators=[DataRequired("Enter your name."), Length(max=NAME_MAX)])
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_PASSWORD)])
    confirm = PasswordField(
        "Repeat password", validators=[DataRequired(), EqualTo("password", "Passwords differ.")]
    )
    target_level = SelectField("Level you are preparing for", choices=LEVEL_CHOICES,
                               default="mid")


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    new_password = PasswordField("New password",
                                 validators=[DataRequired(), Length(max=MAX_PASSWORD)])
    confirm = PasswordField(
        "Repeat new password",
        validators=[DataRequired(), EqualTo("new_password", "Passwords differ.")],
    )


FOCUS_LABELS = {"system_design": "System design", "coding": "Coding",
                "ml_fundamentals": "ML fundamentals", "behavioral": "Behavioral",
                "ask_employer": "Questions to ask the employer"}
FOCUS_CHOICES = [SelectChoice("", "No particular focus")] + [
    SelectChoice(kind, FOCUS_LABELS[kind]) for kind in FOCUS_KINDS]


class ProfileForm(FlaskForm):
    name = StringField("Name", filters=[_strip],
                       validators=[DataRequired("Enter your name."), Length(max=NAME_MAX)])
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    target_level = SelectField("Level you are preparing for", choices=LEVEL_CHOICES)
    focus = SelectField("Focus", choices=FOCUS_CHOICES)


class ForgotForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])


class ResetForm(FlaskForm):
    new_password = PasswordField("New password",
                                 validators=[DataRequired(), Length(max=MAX_PASSWORD)])
    confirm = PasswordField(
        "Repeat new password",
        validators=[DataRequired(), EqualTo("new_password", "Passwords differ.")],
    )


class TokenForm(FlaskForm):
    name = StringField("Token name", validators=[DataRequired(), Length(max=80)])
