"""Sign-in forms (Flask-WTF: every one carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from interview.accounts.services import MAX_PASSWORD
from interview.levels import LEVELS

LEVEL_CHOICES = [SelectChoice(level, level.title()) for level in LEVELS]


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_PASSWORD)])


class RegisterForm(FlaskForm):
    name = StringField("Name", validators=[Optional(), Length(max=100)])
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


class ProfileForm(FlaskForm):
    name = StringField("Name", validators=[Optional(), Length(max=100)])
    target_role = SelectField("Target role", choices=[])
    target_level = SelectField("Target level", choices=LEVEL_CHOICES)


class TokenForm(FlaskForm):
    name = StringField("Token name", validators=[DataRequired(), Length(max=80)])
