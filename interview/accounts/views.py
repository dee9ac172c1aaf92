"""Register, sign in, sign out, settings, and the admin's list of users."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from interview import access
from interview.access import safe_next_url
from interview.accounts import services
from interview.accounts import tokens as token_services
from interview.accounts.forms import ChangePasswordForm, LoginForm, RegisterForm, TokenForm
from interview.accounts.models import Role, User
from interview.extensions import db, limiter

bp = Blueprint("accounts", __name__, template_folder="templates")
GENERIC_LOGIN_ERROR = "That email and password do not match an account."


def _home() -> str:
    return url_for("home.dashboard")


@bp.get("/")
def index():
    """Landing: the dashboard for signed-in users, sign-in otherwise."""
    if current_user.is_authenticated:
        return redirect(_home())
    return render_template("index.html")


@bp.route("/register", methods=["GET", "POST"])
def register():
    """Create a candidate account."""
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(form.email.data, form.password.data,
                                        name=form.name.data or "")
        except services.AccountError as exc:
            getattr(form, exc.field or "email").errors.append(str(exc))
        else:
            user.target_level = form.target_level.data
            db.session.commit()
            login_user(user)
            flash("Welcome! Your account is ready.", "success")
            return redirect(_home())
    return render_template("accounts/register.html", form=form), 422 if form.errors else 200


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Sign in; a `next` parameter only ever leads to one of our own pages."""
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user:
            login_user(user)
            return redirect(safe_next_url(request.args.get("next")) or _home())
        form.form_errors.append(GENERIC_LOGIN_ERROR)
    return render_template("accounts/login.html", form=form), 422 if form.errors else 200


@bp.post("/logout")
@login_required
def logout():
    """Sign out (a POST with a CSRF token, so no link can sign someone out)."""
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("accounts.login"))


@bp.route("/settings/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change the signed-in user's password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data,
                                     form.new_password.data)
        except services.AccountError as exc:
            getattr(form, exc.field or "new_password").errors.append(str(exc))
        else:
            flash("Password changed.", "success")
            return redirect(_home())
    return render_template("accounts/password.html", form=form), 422 if form.errors else 200


@bp.route("/settings/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    """Personal API tokens: create one (its secret is shown on this response only), list."""
    form, secret = TokenForm(), None
    if form.validate_on_submit():
        try:
            _, secret = token_services.create_token(current_user, form.name.data)
        except token_services.TokenError as exc:
            form.name.errors.append(str(exc))
        else:
            form = TokenForm(formdata=None)
    status = 422 if form.errors else 201 if secret else 200
    return render_template("accounts/tokens.html", form=form, secret=secret,
                           tokens=token_services.list_tokens(current_user,
                                                             include_revoked=True)), status


@bp.post("/settings/tokens/<int:tid>/revoke")
@login_required
def revoke_token(tid: int):
    """Revoke one of the signed-in user's tokens (someone else's token is a 404)."""
    token = access.get_owned_or_404(db.session.get(token_services.ApiToken, tid), current_user,
                             owner_attr="user_id")
    token_services.revoke_token(token)
    flash(f"Token “{token.name}” revoked; scripts using it now get 401.", "success")
    return redirect(url_for(".tokens"))


@bp.get("/admin/users")
@access.role_required(Role.ADMIN)
def users():
    page = db.paginate(services.all_users(), page=request.args.get("page", 1, type=int),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("accounts/users.html", page=page, roles=[r.value for r in Role])


@bp.post("/admin/users/<int:uid>")
@access.role_required(Role.ADMIN)
def user_update(uid: int):
    user = db.session.get(User, uid) or abort(404)
    try:
        services.update_user(current_user, user, request.form.get("role", ""),
                             request.form.get("active") == "1")
    except services.AccountError as exc:
        flash(str(exc), "error")
    else:
        flash(f"{user.email} updated.", "success")
    return redirect(url_for(".users"))
