"""Shared pieces of the benchmarks: processes on loopback, wrk, a signed-in HTTP client.

Every process started here listens on 127.0.0.1 only and is stopped by id when the
benchmark ends, even after a failure.
"""

from __future__ import annotations

import json
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
RESULTS = ROOT / "bench" / "RESULTS.md"
WRK_LUA = ROOT / "bench" / "wrk_report.lua"
SUBMIT_LUA = ROOT / "bench" / "wrk_submit.lua"
GUNICORN_ARGS = ["--worker-class", "sync", "--backlog", "2048", "--access-logfile", "/dev/null",
                 "--error-logfile", "-", "--log-level", "warning"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port: int, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds}s")


def flask(env: dict[str, str], *args: str, timeout: float = 900) -> str:
    """Run `flask ARGS` with this environment; returns stdout, raises on failure."""
    done = subprocess.run([str(VENV_BIN / "flask"), *args], cwd=ROOT, env=env,  # noqa: S603
                          capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def app_env(instance: Path, **extra: str) -> dict[str, str]:
    """Environment for the app: its own instance folder and database, no LLM unless given."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("LLM_", "DATABASE_URL", "REDIS_URL"))}
    env.update(FLASK_APP="interview", INSTANCE_DIR=str(instance), APP_ENV="development",
               LOG_LEVEL="WARNING", LOGIN_RATE_LIMIT="10000 per minute")
    env.update(extra)
    return env


class Proc:
    """A child process in its own process group, stopped by id."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log.open("ab")
        self.popen = subprocess.Popen(args, cwd=ROOT, env=env, stdout=self.log,  # noqa: S603
                                      stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def stop(self, sig: int = signal.SIGTERM, wait: float = 15.0) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, sig)
            try:
                self.popen.wait(wait)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(5)
        self.log.close()


@contextmanager
def gunicorn(target: str, env: dict[str, str], workers: int, log: Path) -> Iterator[str]:
    """Serve `target` (module:app) under gunicorn with the shared settings; yields base URL."""
    port = free_port()
    args = [str(VENV_BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
            *GUNICORN_ARGS, target]
    proc = Proc(args, env, log)
    try:
        wait_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.stop()


def wrk(url: str, seconds: int, connections: int, headers: dict[str, str] | None = None,
        script: Path = WRK_LUA, threads: int = 2,
        env: dict[str, str] | None = None) -> dict[str, float]:
    """Run wrk; returns req/s, p50/p95/p99 in ms, and the count of errors and non-2xx/3xx."""
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
            "-s", str(script)]
    for name, value in (headers or {}).items():
        args += ["-H", f"{name}: {value}"]
    env = {**os.environ, "WRK_REPORT_LUA": str(WRK_LUA), "WRK_THREADS": str(threads),
           **(env or {})}
    done = subprocess.run([*args, url], capture_output=True, text=True,  # noqa: S603
                          timeout=seconds + 60, check=True, env=env)
    match = re.search(r"^JSON (.*)$", done.stdout, re.MULTILINE)
    if not match:
        raise RuntimeError(f"wrk printed no report:\n{done.stdout}\n{done.stderr}")
    return json.loads(match.group(1))


class Client:
    """A browser-like client: cookies, CSRF tokens from forms, no redirects followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  _NoRedirect())

    def request(self, method: str, path: str, data: dict | None = None,
                timeout: float = 30) -> tuple[int, str, dict[str, str]]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, method=method)  # noqa: S310
        try:
            with self.opener.open(req, timeout=timeout) as resp:
                return resp.status, resp.read().decode(), dict(resp.headers)
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode(errors="replace"), dict(err.headers)

    def csrf(self, path: str) -> str:
        status, html, _ = self.request("GET", path)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
        if status != 200 or not match:
            raise RuntimeError(f"no CSRF token on {path} (status {status})")
        return match.group(1)

    def login(self, email: str, password: str) -> Client:
        token = self.csrf("/login")
        status, _, _ = self.request("POST", "/login", {"csrf_token": token, "email": email,
                                                       "password": password})
        if status != 302:
            raise RuntimeError(f"login as {email} failed with {status}")
        return self

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003
        return None


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def command_line() -> str:
    return " ".join([".venv/bin/python", *sys.argv])


def write_section(title: str, body: str, path: Path = RESULTS) -> None:
    """Replace `## title` in RESULTS.md (up to the next `## `), or append it."""
    text = path.read_text() if path.exists() else "# Benchmark results\n"
    section = f"## {title}\n\n{body.strip()}\n\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip() + "\n\n" + section
    path.write_text(text.rstrip() + "\n")
