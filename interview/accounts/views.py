"""Register, sign in, sign out, settings, and the admin's list of users."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from interview import access
from interview.access import safe_next_url
from interview.accounts import services
from interview.accounts import tokens as token_services
from interview.accounts.forms import (
    ChangePasswordForm,
    ForgotForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetForm,
    TokenForm,
)
from interview.accounts.mail import reset_link, send_reset
from interview.accounts.models import SESSION_KEY, Role, User
from interview.extensions import db, limiter
from interview.inputs import page_arg

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
    """Create a candidate account, then sign in.

    The answer is the same whether or not the email already had an account, so the page
    cannot be used to find out who has one.
    """
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(form.email.data, form.password.data,
                                        name=form.name.data or "")
            user.target_level = form.target_level.data
        except services.AccountExists:
            pass  # said nowhere: the same redirect and message as a new account
        except services.AccountError as exc:
            getattr(form, exc.field or "email").errors.append(str(exc))
        if not form.errors:
            flash(REGISTERED, "success")
            return redirect(url_for(".login", email=form.email.data, next=_next()))
    status = 422 if form.errors else 200
    return render_template("accounts/register.html", form=form, next=_next()), status


def _next() -> str | None:
    """Where to go after signing in (an invite, say), carried through registration."""
    return safe_next_url(request.args.get("next"))


REGISTERED = ("If this email was new, your account is ready: sign in with the password you "
              "chose. If it already had an account, sign in with that account's password.")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _login_email() -> str:
    """Per-account lockout: attempts are counted per email, known or not, so a locked
    account looks exactly like an unknown one."""
    return "login:" + services.normalise_email(request.form.get("email", ""))[:254]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(lambda: current_app.config["LOGIN_ACCOUNT_LIMIT"], key_func=_login_email,
               methods=["POST"])
def login():
    """Sign in; a `next` parameter only ever leads to one of our own pages."""
    form = LoginForm(email=request.args.get("email", ""))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user:
            _sign_in(user)
            return redirect(_next() or _home())
        form.form_errors.append(GENERIC_LOGIN_ERROR)
    status = 422 if form.errors else 200
    return render_template("accounts/login.html", form=form, next=_next()), status


FORGOT_SENT = ("If an account uses that email, we have sent it a link to choose a new password. "
               "The link works once, for one hour.")


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():
    """Ask for a reset link. The answer is the same whether or not the email has an account."""
    form = ForgotForm()
    if form.validate_on_submit():
        found = services.request_reset(form.email.data)
        if found is not None:
            user, token = found
            send_reset(user.email, reset_link(token))
        flash(FORGOT_SENT, "info")
        return redirect(url_for(".login"))
    return render_template("accounts/forgot.html", form=form), 422 if form.errors else 200


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def reset_password(token: str):
    """Choose a new password with a one-time link; a used or expired link says so."""
    try:
        services.find_reset(token)
    except services.ResetInvalid as exc:
        status = 404 if exc.reason == "unknown" else 410
        return render_template("accounts/reset_invalid.html", message=str(exc)), status
    form = ResetForm()
    if form.validate_on_submit():
        try:
            user = services.reset_password(token, form.new_password.data)
        except services.ResetInvalid as exc:
            return render_template("accounts/reset_invalid.html", message=str(exc)), 410
        except services.AccountError as exc:
            form.new_password.errors.append(str(exc))
        else:
            if current_user.is_authenticated:
                _sign_out()
            flash("Password changed, and every device signed out. Sign in with the new "
                  "password.", "success")
            return redirect(url_for(".login", email=user.email))
    return render_template("accounts/reset.html", form=form), 422 if form.errors else 200


@bp.route("/settings/profile", methods=["GET", "POST"])
@login_required
def profile():
    """Name, email, the level prepared for and a focus."""
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        try:
            services.update_profile(current_user, form.name.data, form.email.data,
                                    form.target_level.data, form.focus.data)
        except services.AccountError as exc:
            getattr(form, exc.field or "name").errors.append(str(exc))
        else:
            flash("Profile saved.", "success")
            return redirect(url_for(".profile"))
    return render_template("accounts/profile.html", form=form), 422 if form.errors else 200


def _sign_in(user: User) -> None:
    session.clear()  # nothing of an earlier visitor's session (or CSRF secret) carries over
    login_user(user)
    session[SESSION_KEY] = services.start_session(user)


def _sign_out() -> None:
    services.end_session(session.get(SESSION_KEY))
    logout_user()
    session.clear()  # the CSRF secret goes too: forms from before sign-out are refused


@bp.post("/logout")
@login_required
def logout():
    """Sign out (a POST with a CSRF token, so no link can sign someone out)."""
    _sign_out()
    flash("You are signed out.", "info")
    return redirect(url_for("accounts.login"))


@bp.post("/settings/sessions/end")
@login_required
def sign_out_everywhere():
    """End every signed-in browser of this account, this one included."""
    services.end_sessions(current_user)
    _sign_out()
    flash("You are signed out on every device.", "info")
    return redirect(url_for("accounts.login"))


@bp.route("/settings/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change the signed-in user's password; every other browser is signed out."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data,
                                     form.new_password.data, keep=session.get(SESSION_KEY))
        except services.AccountError as exc:
            getattr(form, exc.field or "new_password").errors.append(str(exc))
        else:
            flash("Password changed. Other devices are signed out.", "success")
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
    page = db.paginate(services.all_users(), page=page_arg(),
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
