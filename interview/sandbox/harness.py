"""Child side of the sandbox: loads the candidate's code and calls it once per test.

The parent runs this file's source with `python -S -c` inside the sandbox. It is trusted only
until the candidate's code loads; after that the candidate can patch anything in this
process, so nothing here decides a verdict. It reports what each call returned over a pipe
opened before the candidate's code loads, and the parent compares. It never sees expected
values. It imports only modules that are already loaded at start-up or are tiny (no json, no
re), because every millisecond here is paid on every run.

SQL questions (`language: sql`) load no Python from the candidate: their query runs against an
in-memory SQLite database built per test from the question's schema and the test's rows,
behind an authorizer that allows reading and nothing else (no writes, DDL, ATTACH or PRAGMA).
"""

from __future__ import annotations

import marshal
import os
import sys
import time

TYPE_CHECKING = False  # typing costs the child ~10 ms at start: the checker alone imports it
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

    Send = Callable[[dict[str, Any]], None]

_CONFIG_FILE = ".inputs"
_SOLUTION_FILE = "solution.py"
_SQL_FILE = "solution.sql"
# sqlite3 action codes a read-only query needs: SELECT, READ, FUNCTION and RECURSIVE (CTEs).
_SQL_ALLOWED = (21, 20, 31, 33)
_SQL_REFUSED = ("only one read-only query is allowed (SELECT or WITH ... SELECT); writes, "
                "schema changes, ATTACH and PRAGMA are refused")
_MAX_DEPTH = 100
_ESCAPES = {i: f"\\u{i:04x}" for i in range(32)} | {34: '\\"', 92: "\\\\"}
_FLOAT_WORDS = {float("inf"): "Infinity", float("-inf"): "-Infinity"}


def _load_config() -> dict[str, Any]:
    """Read the inputs, then empty the file so the candidate's code cannot read the hidden
    tests' inputs: the parent wrote them, so they are trusted data. (Under bubblewrap the
    file is a bind mount, which can be emptied but not removed.)"""
    with open(_CONFIG_FILE, "r+b") as handle:
        config: dict[str, Any] = marshal.load(handle)  # noqa: S302 - the trusted parent wrote it
        handle.seek(0)
        handle.truncate()
    try:
        os.unlink(_CONFIG_FILE)
    except OSError:
        pass  # a mount point: already empty
    return config


def _apply_limits(limits: dict[str, Any]) -> None:
    """Lower soft and hard limits before untrusted code runs; they cannot be raised again."""
    import resource

    for name, value in limits.items():
        hard = value + 1 if name == "RLIMIT_CPU" else value
        resource.setrlimit(getattr(resource, name), (value, hard))


def _encode_str(text: str) -> str:
    return '"' + str.translate(text, _ESCAPES) + '"'


def _encode_float(number: float) -> str:
    if number != number:
        return "NaN"
    return _FLOAT_WORDS.get(number) or float.__repr__(number)


def _encode_items(items: Iterable[object], depth: int) -> str:
    return "[" + ",".join(_encode(item, depth + 1) for item in items) + "]"


def _encode_dict(mapping: dict[str, Any], depth: int) -> str:
    parts = []
    for key, value in dict.items(mapping):
        name = key if isinstance(key, str) else str(_plain_scalar(key))
        parts.append(_encode_str(name) + ":" + _encode(value, depth + 1))
    return "{" + ",".join(parts) + "}"


def _plain_scalar(value: object) -> object:
    tolist = getattr(value, "tolist", None)
    return tolist() if callable(tolist) else value


def _encode(value: object, depth: int = 0) -> str:
    """JSON text for plain data (NumPy values via tolist); anything else is an error."""
    if depth > _MAX_DEPTH:
        raise ValueError("nested too deeply")
    if value is None or value is True or value is False:
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _encode_float(value)
    if isinstance(value, str):
        return _encode_str(value)
    return _encode_container(value, depth)


def _encode_container(value: object, depth: int) -> str:
    if isinstance(value, (list, tuple)):
        return _encode_items(value, depth)
    if isinstance(value, dict):
        return _encode_dict(value, depth)
    if isinstance(value, (set, frozenset)):
        return "[" + ",".join(sorted(_encode(v, depth + 1) for v in value)) + "]"
    tolist = getattr(value, "tolist", None)
    if callable(tolist):
        return _encode(tolist(), depth + 1)
    raise TypeError(f"a {type(value).__name__} object")


def _make_sender(fd: int) -> Send:
    """Write one record per line; a record is built fully before any byte is written."""
    write, encode = os.write, _encode

    def send(record: dict[str, Any]) -> None:
        data = (encode(record) + "\n").encode("utf-8", "backslashreplace")
        while data:
            data = data[write(fd, data) :]

    return send


def _describe(exc: BaseException) -> dict[str, Any]:
    """Exception type, message and the last line of solution.py it passed through."""
    try:
        text = f"{type(exc).__name__}: {exc}"
    except BaseException:  # noqa: B036 - a hostile __str__ must not break the report
        text = type(exc).__name__
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == _SOLUTION_FILE:
            line = tb.tb_lineno
        tb = tb.tb_next
    return {"error": text[:1000], "exc": type(exc).__name__, "line": line}


def _compile_solution(send: Send) -> object:
    try:
        with open(_SOLUTION_FILE, encoding="utf-8") as handle:
            return compile(handle.read(), _SOLUTION_FILE, "exec")
    except (SyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None)
        where = f" (line {line})" if line else ""
        send({"load": f"{type(exc).__name__}: {getattr(exc, 'msg', exc)}{where}"})
        return None


def _load_solution(entry: str, send: Send) -> object:
    """Execute solution.py as module `solution`; report a load error instead of raising."""
    code = _compile_solution(send)
    if code is None:
        return None
    module = type(sys)("solution")
    module.__file__ = os.path.abspath(_SOLUTION_FILE)
    sys.modules["solution"] = module
    try:
        exec(code, module.__dict__)  # type: ignore[arg-type]  # noqa: S102 - running the candidate's code is the point
    except BaseException as exc:  # noqa: B036 - SystemExit and friends are load errors too
        kind = "memory" if isinstance(exc, MemoryError) else "exception"
        send({"load": "while loading: " + _describe(exc)["error"], "kind": kind})
        return None
    target = module.__dict__.get(entry)
    if not callable(target):
        send({"load": f"solution.py does not define {entry}"})
    return target if callable(target) else None


def _sql_authorize(action: int, *_: object) -> int:
    return 0 if action in _SQL_ALLOWED else 1  # SQLITE_OK, SQLITE_DENY


def _sql_database(schema: str, data: dict[str, Any]) -> Any:
    """A fresh in-memory database: the trusted schema and rows first, then read-only."""
    import sqlite3

    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.executescript(schema)
    for table, rows in data.items():
        if rows:
            marks = ",".join("?" * len(rows[0]))
            conn.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)  # noqa: S608
    conn.execute("PRAGMA query_only = ON")
    conn.set_authorizer(_sql_authorize)
    return conn


def _sql_rows(query: str, schema: str, data: dict[str, Any]) -> list[Any]:
    """Run the query once; rows as lists, columns by position (BLOBs as hex text)."""
    conn = _sql_database(schema, data)
    try:
        cursor = conn.execute(query)
        if cursor.description is None:
            raise ValueError("the answer is not a query that returns rows (use SELECT)")
        rows = cursor.fetchall()
    except Exception as exc:
        if "not authorized" in str(exc):
            raise PermissionError(_SQL_REFUSED) from None
        raise
    finally:
        conn.close()
    return [[v.hex() if isinstance(v, bytes) else v for v in row] for row in rows]


def _load_sql(schema: str, send: Send) -> object:
    """Read the query and try it on empty tables, so syntax errors and writes fail loading."""
    try:
        with open(_SQL_FILE, encoding="utf-8") as handle:
            query = handle.read()
        _sql_rows(query, schema, {})
    except BaseException as exc:  # noqa: B036 - any failure here is a load error
        send({"load": _describe(exc)["error"]})
        return None
    return lambda data: _sql_rows(query, schema, data)


def _call(target: Any, test: dict[str, Any], style: str) -> object:
    if style == "sql":
        return target(test["data"])
    if style == "function":
        return target(*test["args"])
    calls = test["calls"]
    instance = target(*calls[0][1])
    results = [None]
    for number, (method, args) in enumerate(calls[1:], start=2):
        try:
            results.append(getattr(instance, method)(*args))
        except Exception as exc:
            exc.add_note(f"call {number}: {method}")
            raise
    return results


def _run_test(index: int, target: object, test: dict[str, Any], style: str) -> dict[str, Any]:
    """Call the candidate once; any exception, even SystemExit, only fails this test."""
    start = time.perf_counter()
    try:
        value = _call(target, test, style)
    except BaseException as exc:  # noqa: B036 - the per-test guard must catch everything
        record = {"i": index, "ok": False, "kind": "exception"} | _describe(exc)
        if isinstance(exc, MemoryError):
            record["kind"] = "memory"
        record["ms"] = (time.perf_counter() - start) * 1000
        return record
    elapsed = (time.perf_counter() - start) * 1000
    return {"i": index, "ok": True, "ms": elapsed, "value": value}


def _silence_output() -> None:
    """Hidden tests print to /dev/null so their inputs do not show up in the output."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: B036, S110 - the candidate may have replaced the stream
            pass
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)


def _report(record: dict[str, Any], send: Send) -> None:
    """Send a record; a value that is not plain data becomes an error for this test only."""
    try:
        send(record)
    except (TypeError, ValueError, RecursionError, MemoryError) as exc:
        kind = "memory" if isinstance(exc, MemoryError) else "unserialisable"
        send({"i": record["i"], "ok": False, "kind": kind, "error": str(exc)[:300]})


def _mark(mark: str, index: int) -> None:
    """Tell the parent where a visible test's printed output starts, on both streams. The
    candidate could print the same marker: that only mislabels their own output."""
    data = f"\x1e{mark} {index}\x1e".encode()
    for fd, stream in ((1, sys.stdout), (2, sys.stderr)):
        try:
            stream.flush()
            os.write(fd, data)
        except BaseException:  # noqa: B036, S110 - the candidate may have closed the stream
            pass


def _run_all(config: dict[str, Any], send: Send) -> None:
    if config.get("language") == "sql":
        target = _load_sql(config["schema"], send)
    else:
        target = _load_solution(config["entry"], send)
    if target is None:
        return
    silenced = False
    mark = config.get("mark")
    for index, test in enumerate(config["tests"]):
        if test["hidden"] and not silenced:
            _silence_output()
            silenced = True
        elif not test["hidden"] and mark:
            _mark(mark, index)
        _report(_run_test(index, target, test, config["style"]), send)


def main() -> None:
    """Limits first, then the candidate; exit hard so leftover threads cannot hold us."""
    config = _load_config()
    _apply_limits(config["limits"])
    send = _make_sender(config["fd"])
    if config["lib"]:
        sys.path.append(config["lib"])
    _run_all(config, send)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: B036, S110 - the candidate may have replaced the stream
            pass
    os._exit(0)


if __name__ == "__main__":
    main()
