"""What every request's input must be before any service sees it.

Text that PostgreSQL or UTF-8 cannot store (NUL, lone surrogates), JSON nested deep enough
to exhaust the parser, integers of thousands of digits, and ids or page numbers beyond the
database's integers are refused here with a 400 and a plain message, never a 500 later.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from flask import Flask, abort, request

MAX_DB_INT = 2**31 - 1  # ids and counts fit PostgreSQL's integer
MAX_PAGE = 10_000
MAX_JSON_DEPTH = 64
MAX_INT_DIGITS = 30
_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")
_LONG_INT = re.compile(rf"(?<![\w.\"])-?\d{{{MAX_INT_DIGITS + 1},}}")


def bad_text(value: str) -> bool:
    """NUL or a lone surrogate: text no database column can hold."""
    return bool(_BAD_TEXT.search(value))


def db_int(value: object) -> int | None:
    """An id or count from a form or URL, or None when it is not one the database holds."""
    try:
        number = int(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        return None
    return number if number is not None and 0 <= number <= MAX_DB_INT else None


def page_arg(name: str = "page") -> int:
    """`?page=` of a listing: 1 to MAX_PAGE (anything else is the nearest valid page)."""
    number = request.args.get(name, 1, type=int) or 1
    return max(1, min(number, MAX_PAGE))


def json_problem(raw: bytes) -> str | None:
    """Why a JSON body is refused before parsing: too deep, or an absurdly long integer."""
    text = raw.decode("utf-8", errors="replace")
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            escaped, in_string = (not escaped and char == "\\"), (escaped or char != '"')
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    if deepest > MAX_JSON_DEPTH:
        return f"The JSON is nested more than {MAX_JSON_DEPTH} levels deep."
    if _LONG_INT.search(_strings_removed(text)):
        return f"A number in the JSON has more than {MAX_INT_DIGITS} digits."
    return None


def _strings_removed(text: str) -> str:
    return re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)


def content_disposition(filename: str) -> str:
    """RFC 6266: an ASCII fallback name plus the real one in UTF-8 (Łukasz, 张伟)."""
    fallback = re.sub(r"[^A-Za-z0-9._-]+", "_", filename.encode("ascii", "ignore").decode())
    return f"attachment; filename=\"{fallback or 'download'}\"; filename*=UTF-8''{quote(filename)}"


def _bad_fields(values: Any) -> list[str]:
    return sorted({key for key, value in values.items(multi=True)
                   if bad_text(key) or bad_text(value)})


def check_request() -> None:
    """before_request: refuse unstorable text in the URL and forms, and hostile JSON.

    The API's schemas refuse unstorable text themselves, with a message per field."""
    api = request.path.startswith("/api/")
    bad = [] if api else _bad_fields(request.args) + _bad_fields(request.form)
    if bad:
        abort(400, f"Text may not contain NUL or invalid characters ({', '.join(bad)}).")
    if request.is_json:
        problem = json_problem(request.get_data(cache=True))
        if problem:
            abort(400, problem)


def init_app(app: Flask) -> None:
    app.before_request(check_request)
