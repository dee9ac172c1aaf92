"""The API's plumbing: the flask-smorest `Api`, Bearer authentication and JSON errors.

Only `Authorization: Bearer <token>` authenticates under /api/v1. A browser's session
cookie is ignored there, which is what makes it safe to exempt the API from CSRF: a
forged cross-site request carries cookies, never the victim's token.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, g, request
from flask.sansio.app import App
from flask_login import AnonymousUserMixin
from flask_smorest import Api, Blueprint
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import HTTPException, Unauthorized

from interview.accounts.models import User
from interview.api import schemas
from interview.extensions import csrf
from interview.web import error_response

PREFIX = "/api/v1"
REALM = 'Bearer realm="interview API"'
SETTINGS = {
    "API_TITLE": "interview API",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": PREFIX,
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_SUBMIT_LIMIT": "30 per minute",
    "API_EXPENSIVE_LIMIT": "10 per minute",
}
SPEC = {
    "info": {"description": "Practice for Machine Learning Engineer interviews, from "
             "scripts. Create a token under Settings > API tokens and send it as "
             "`Authorization: Bearer <token>`."},
    "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    "security": [{"bearer": []}],
}


class InterviewApi(Api):
    """flask-smorest, documenting and producing the app's one error shape."""

    ERROR_SCHEMA = schemas.Error

    def _register_error_handlers(self) -> None:
        """The app-wide handler in `interview.web` stays in charge outside the API."""

    def handle_http_exception(self, error: HTTPException):
        return json_error(error)


def _fields(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """webargs reports {location: {field: [messages]}}; clients want {field: [messages]}."""
    messages = (data or {}).get("messages") or (data or {}).get("errors")
    if not isinstance(messages, dict):
        return None
    flat: dict[str, Any] = {}
    for location, value in messages.items():
        flat.update(value if isinstance(value, dict) else {location: value})
    return flat


def json_error(error: HTTPException):
    """Any HTTP error raised in the API as {"error": {status, title, message, fields?}}."""
    data = getattr(error, "data", None) or {}
    fields = _fields(data)
    generic = "The request has invalid fields; see `fields`." if fields else None
    message = data.get("message") or generic or error.description or error.name
    if error.code == 413 and not data.get("message"):
        message = (f"The request is larger than the limit of "
                   f"{(request.max_content_length or 0) // 1024} KiB.")
    extra = {"fields": fields} if fields else {}
    response = error_response(error.code or 500, error.name, message, **extra)
    original = error.get_response().headers
    for header in ("Retry-After", "Allow", "WWW-Authenticate"):
        if original.get(header):
            response.headers[header] = original[header]
    for key, value in (data.get("headers") or {}).items():
        response.headers[key] = value
    return response


def _bearer_secret() -> str | None:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    return secret.strip() if scheme.lower() == "bearer" and secret.strip() else None


def _set_current_user(user: User | AnonymousUserMixin) -> None:
    """Flask-Login reads `g._login_user`; setting it keeps any session cookie out of it."""
    g._login_user = user


def authenticate() -> None:
    """Every API request names its user by token; no token, or a bad one, is a 401."""
    from interview.accounts.tokens import user_for_token

    secret = _bearer_secret()
    user = user_for_token(secret) if secret else None
    if user is None:
        _set_current_user(AnonymousUserMixin())
        message = ("Send a valid API token as `Authorization: Bearer <token>`."
                   if secret is None else "This token is unknown or revoked.")
        raise Unauthorized(message, www_authenticate=_challenge(secret))
    g.api_user = user
    _set_current_user(user)


def _challenge(secret: str | None) -> WWWAuthenticate:
    params: dict[str, str | None] = {"realm": "interview API"}
    if secret is not None:
        params["error"] = "invalid_token"
    return WWWAuthenticate("bearer", params)


def api_user() -> User:
    """The user behind this request's token (set by `authenticate`)."""
    return g.api_user


def limit_key() -> str:
    """Rate limits count per user, so one noisy script cannot starve a shared address."""
    user = g.get("api_user")
    return f"user:{user.id}" if user is not None else f"ip:{request.remote_addr}"


MAX_ID = 2**31 - 1  # PostgreSQL's integer; larger ids cannot exist and must not reach SQL


def fetch(model: type, ident: int) -> Any:
    """`db.session.get`, except that an impossible id is simply not found."""
    from interview.extensions import db

    return db.session.get(model, ident) if 0 < ident <= MAX_ID else None


def setting(name: str) -> Any:
    return current_app.config[name]


def make_blueprint(name: str, description: str) -> Blueprint:
    """A smorest blueprint with token auth, JSON errors and no CSRF (no cookies trusted)."""
    blp = Blueprint(name, __name__, url_prefix=PREFIX, description=description)
    blp.before_request(authenticate)
    blp.register_error_handler(HTTPException, json_error)
    csrf.exempt(blp)
    return blp


def init_api(app: App, blueprints: list[Blueprint]) -> InterviewApi:
    """Bind the Api to the app and document every blueprint under /api/v1."""
    for key, value in SETTINGS.items():
        app.config.setdefault(key, value)
    api = InterviewApi(app, spec_kwargs=SPEC)
    for blp in blueprints:
        api.register_blueprint(blp)
    return api


def page_body(pagination, per_page: int) -> dict[str, Any]:
    """Items plus the numbers a client needs to walk the pages."""
    return {"items": list(pagination.items),
            "meta": {"page": pagination.page, "per_page": per_page,
                     "pages": pagination.pages, "total": pagination.total or 0}}
