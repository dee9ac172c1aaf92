"""Hostile answers: each must end with a clear verdict while the service keeps serving.

Every file in attacks/ is a candidate's answer to ADD_QUESTION. Its header says which
statuses are acceptable (`# expect:`), whether containing it needs bubblewrap rather than
resource limits alone (`# isolated: yes`), and any extra promise (`# survivors:`). After
each run we check that the service still answers, saw no request from the sandbox, and that
no secret, host file or leftover process escaped.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from interview.sandbox import Limits, isolation, run_submission
from interview.sandbox import runner as runner_module

ATTACKS = sorted(Path(__file__).with_name("attacks").glob("*.py"))
REPO = Path(__file__).resolve().parents[2]
SECRETS = {
    "SECRET_KEY": "flask-secret-5b0e7c1d",
    "DATABASE_URL": "postgresql://app:hunter2-db-pass@db/interview",
    "OPENAI_API_KEY": "sk-test-9f8e7d6c5b4a",
}


def _header(path: Path) -> dict[str, str]:
    """The `# key: value` lines at the top of an attack file."""
    meta = {}
    for line in path.read_text().splitlines():
        if not line.startswith("# "):
            break
        key, _, value = line[2:].partition(":")
        meta[key.strip()] = value.strip()
    return meta


@pytest.fixture(scope="module")
def fake_instance() -> Iterator[tuple[Path, str]]:
    """An instance folder with a database file holding a secret, readable by anyone."""
    root = Path(tempfile.mkdtemp(prefix="fake-app-"))
    root.chmod(0o755)
    instance = root / "instance"
    instance.mkdir(mode=0o755)
    secret = "db-row-secret-" + uuid.uuid4().hex
    (instance / "app.db").write_text(f"SQLite format 3 ... users: admin {secret}")
    (instance / "app.db").chmod(0o644)
    yield instance / "app.db", secret
    shutil.rmtree(root)


@pytest.fixture
def host_dir() -> Iterator[Path]:
    """A world-writable folder on the host that a contained answer must not reach."""
    path = Path(tempfile.mkdtemp(prefix="host-share-"))
    path.chmod(0o777)
    yield path
    shutil.rmtree(path)


@pytest.fixture(autouse=True)
def secret_environment(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for key, value in SECRETS.items():
        monkeypatch.setenv(key, value)
    return SECRETS


def _render(path: Path, marker: str, service: Any, db: Path, host_dir: Path) -> str:
    values = {"__PORT__": str(service.port), "__MARKER__": marker, "__REPO__": str(REPO),
              "__DB_PATH__": str(db), "__HOST_DIR__": str(host_dir)}
    code = path.read_text()
    for placeholder, value in values.items():
        code = code.replace(placeholder, value)
    return code


def _status(pid: str) -> dict[str, str]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return dict(line.split(":", 1) for line in text.splitlines() if ":" in line)


def _has_marker(pid: str, marker: str) -> bool:
    try:
        return marker.encode() in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def survivors(marker: str, uids: list[int]) -> list[str]:
    """Live processes left by this run: the throw-away uid it used, or (not root) our marker.

    Only this run's own uid counts, so another test run on the same machine (which uses
    other throw-away uids) never shows up here.

    Only /proc/PID/status is read for every process: reading another process's cmdline can
    block while that process is busy with its memory.
    """
    found = []
    for pid in (p for p in os.listdir("/proc") if p.isdigit()):
        status = _status(pid)
        if not status or status.get("State", "").strip().startswith("Z"):
            continue
        uid = int(status["Uid"].split()[0])
        ours = uid == os.geteuid() != 0 and int(pid) != os.getpid()
        if uid in uids or (ours and _has_marker(pid, marker)):
            found.append(pid)
    return found


@contextmanager
def recording_uids() -> Iterator[list[int]]:
    """The throw-away uids the sandbox hands out while the block runs."""
    uids: list[int] = []
    real = isolation.throwaway_uid

    def record() -> int | None:
        uid = real()
        if uid is not None:
            uids.append(uid)
        return uid

    with mock.patch.object(isolation, "throwaway_uid", record):
        yield uids


def host_leaks(marker: str, host_dir: Path) -> list[Path]:
    """Files the attack managed to create on the host."""
    places = [REPO, Path(tempfile.gettempdir()), host_dir]
    return [path for place in places for path in place.glob(f"*{marker}*")]


def _private_host_texts() -> list[str]:
    """Contents that only reading /etc/shadow or listing /root could reveal."""
    texts = []
    shadow = Path("/etc/shadow")
    if os.access(shadow, os.R_OK):
        texts += [line for line in shadow.read_text().splitlines() if len(line) > 20]
    if os.access("/root", os.R_OK):
        texts += [name for name in os.listdir("/root") if len(name) > 5]
    return texts


def _check_contained(verdict: dict, meta: dict, enforced: bool) -> None:
    """The declared status; without bubblewrap, isolation-only cases must at least warn."""
    statuses = meta["expect"].split("|")
    if enforced:
        assert verdict["status"] in statuses, verdict
    else:
        assert verdict["warning"] and "NOT ISOLATED" in verdict["warning"]
    if meta.get("survivors") == "all-but-one":
        assert verdict["passed"] == verdict["total"] - 1, verdict


def run_attack(path: Path, env: dict[str, Any], *, strict: bool = False) -> None:
    """Run one attack file and check every promise the sandbox makes about it.

    `env` holds the fixtures; `strict` enforces every check even without bubblewrap.
    """
    meta, service, host_dir = _header(path), env["service"], env["host_dir"]
    db_path, db_secret = env["db"]
    marker = "attack" + uuid.uuid4().hex
    code = _render(path, marker, service, db_path, host_dir)
    with recording_uids() as uids:
        verdict = run_submission(code, env["question"], limits=env["limits"])
    text = json.dumps(verdict)
    isolated = verdict["isolation"] == "bubblewrap"
    enforced = strict or isolated or meta.get("isolated") != "yes"
    _check_contained(verdict, meta, enforced)
    assert isolated == (verdict["warning"] is None)
    assert service.alive()
    assert survivors(marker, uids) == []
    if enforced:
        assert service.stolen == []
        assert host_leaks(marker, host_dir) == []
        assert not [s for s in [*SECRETS.values(), db_secret] if s in text]
        assert not [t for t in _private_host_texts() if t in text]


@pytest.fixture
def attack_env(
    service: Any, fake_instance: tuple[Path, str], host_dir: Path, add_question: dict,
    attack_limits: Limits,
) -> dict[str, Any]:
    return {"service": service, "db": fake_instance, "host_dir": host_dir,
            "question": add_question, "limits": attack_limits}


@pytest.mark.parametrize("path", ATTACKS, ids=[p.stem for p in ATTACKS])
def test_attack_is_contained(path: Path, attack_env: dict[str, Any]) -> None:
    run_attack(path, attack_env)


def test_corpus_is_complete() -> None:
    """The issue asks for at least 17 hostile answers, each with a declared outcome."""
    assert len(ATTACKS) >= 17
    assert all(_header(path).get("expect") for path in ATTACKS)


_RLIMITS_ONLY = ["infinite_loop", "fork_bomb", "memory_bomb", "huge_output", "orphans",
                 "kill_parent", "segfault", "ignore_sigterm"]
if os.geteuid() == 0:
    # Reading the parent's /proc/PID/environ is only blocked when the child has another uid.
    _RLIMITS_ONLY.append("read_environ")


@pytest.mark.parametrize("name", _RLIMITS_ONLY)
def test_resource_limits_hold_without_bubblewrap(
    name: str, attack_env: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fallback mode still stops runaway code and cleans up, and says it is weaker."""
    monkeypatch.setattr(runner_module, "isolation_mode", lambda: "rlimits-only")
    path = Path(__file__).with_name("attacks") / f"{name}.py"
    allowed = attack_env | {"limits": replace(attack_env["limits"], allow_unisolated=True)}
    run_attack(path, allowed, strict=True)
