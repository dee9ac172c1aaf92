"""Cross-cutting web behaviour: error pages, security headers, template helpers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from interview.text import render_markdown

log = logging.getLogger(__name__)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def init_app(app: Flask) -> None:
    """Attach error handlers, headers and Jinja helpers."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(Exception, _unexpected_error)
    app.after_request(_security_headers)
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.globals["ENV_NAME"] = app.config["ENV_NAME"]
    app.jinja_env.globals["has_endpoint"] = lambda name: name in app.view_functions


NAV = (
    ("practice.start", "Practice"),
    ("practice.history", "History"),
    ("resume.index", "Resume"),
    ("coaching.index", "Coaching"),
)


def nav_links(may_open: Callable[[Any, Callable[..., Any]], bool]) -> list[tuple[str, str]]:
    """Main menu entries the current user may open: `may_open` (the factory passes
    `access.may_open`) decides from the role rules the pages enforce: no second table."""
    from flask import current_app
    from flask_login import current_user

    views = current_app.view_functions
    return [(e, label) for e, label in NAV if e in views and may_open(current_user, views[e])]


def wants_json() -> bool:
    """JSON for the API, HTML for the browser."""
    return request.path.startswith("/api/")


def error_response(status: int, title: str, message: str, **extra) -> Response:
    """One error shape for the API and one template for the browser."""
    if wants_json():
        body = {"error": {"status": status, "title": title, "message": message, **extra}}
        response = jsonify(body)
    else:
        html = render_template("errors/error.html", status=status, title=title, message=message)
        response = Response(html, mimetype="text/html")
    response.status_code = status
    return response


def _http_error(exc: HTTPException) -> Response:
    message = exc.description or ""
    if exc.code == 413:
        limit = request.max_content_length or 0
        message = f"The request is larger than the limit of {limit // 1024} KiB."
    response = error_response(exc.code or 500, exc.name, message)
    for header in ("Retry-After", "Allow", "WWW-Authenticate"):
        original = exc.get_response().headers.get(header)
        if original:
            response.headers[header] = original
    return response


def _csrf_error(exc: CSRFError) -> Response:
    return error_response(400, "Form refused", "The form was missing its security token "
                          "or the token has expired. Go back, reload the page and try again.")


def _unexpected_error(exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.path)
    err = InternalServerError()
    return error_response(500, err.name, "Something went wrong on our side. Please try "
                          "again in a moment; if you were submitting an answer, your draft "
                          "is kept on this device.")


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    return response
