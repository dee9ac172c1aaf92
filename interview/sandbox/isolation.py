"""How the sandboxed process is started: the command line, its environment and its user.

Two modes. `bubblewrap`: the child gets its own mount, network, PID, IPC and UTS namespaces
and sees only the Python interpreter, NumPy, pandas (with dateutil and tzdata), system
libraries, an empty /tmp and its own work directory. `rlimits-only`: a plain child process
with resource limits, a scrubbed environment and (as root) a throw-away uid; it can still
read what that uid can read and use the network, which is why the runner warns loudly in
that mode.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import os
import secrets
import shutil
import subprocess  # noqa: S404 - starting the sandbox is this module's job
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

BUBBLEWRAP = "bubblewrap"
RLIMITS_ONLY = "rlimits-only"
WORK_DIR = "/sandbox"
PYTHON_DIR = "/opt/python"
LIB_DIR = "/opt/lib"
PACKAGES = ("numpy", "pandas", "dateutil", "tzdata")
SANDBOX_IDS = 65534
_UID_BASE, _UID_SPAN = 1_800_000_000, 100_000_000
PYTHON_FLAGS = ("-S", "-s", "-B", "-P")
ENV = {
    "PATH": "/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "TMPDIR": "/tmp",  # noqa: S108 - a private tmpfs inside the sandbox
    "PYTHONHASHSEED": "0",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONUNBUFFERED": "1",
    "PYTHONIOENCODING": "utf-8",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


@dataclass(frozen=True)
class Probe:
    """The result of trying bubblewrap once, with the reason when it cannot be used."""

    mode: str
    reason: str = ""


@dataclass
class Launch:
    """Everything needed to start one sandboxed child."""

    argv: list[str]
    env: dict[str, str]
    workdir: str
    lib: str | None
    uid: int | None = None
    popen: dict[str, Any] = field(default_factory=dict)


def is_root() -> bool:
    return os.geteuid() == 0


def own_workdir(workdir: str, uid: int | None) -> None:
    """Give `uid` the work directory; group root keeps access for bwrap's chdir (no caps)."""
    if uid is not None:
        os.chown(workdir, uid, 0)
        os.chmod(workdir, 0o770)  # noqa: S103 - owner is the sandbox uid; group root only


def own_file(path: str, uid: int | None) -> None:
    """Give `uid` one file of the work directory (only it and we may read it)."""
    if uid is not None:
        os.chown(path, uid, 0)
        os.chmod(path, 0o600)


def throwaway_uid() -> int | None:
    """A uid no other run uses, so RLIMIT_NPROC and the final kill sweep are per run."""
    return _UID_BASE + secrets.randbelow(_UID_SPAN) if is_root() else None


def _interpreter() -> tuple[str, str]:
    """(prefix, executable) of the running Python, symlinks resolved."""
    return os.path.realpath(sys.base_prefix), os.path.realpath(sys.executable)


def _package_dirs() -> list[Path]:
    """Directories of the packages candidates may import, plus their bundled libraries."""
    dirs: list[Path] = []
    for name in PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        package = Path(next(iter(spec.submodule_search_locations)))
        dirs += [p for p in (package, package.with_name(f"{name}.libs")) if p.is_dir()]
    return dirs


def _world_usable(path: Path) -> bool:
    """True when any uid may reach `path` (every ancestor searchable, the path readable)."""
    path = path.resolve()
    if not path.exists() or not os.stat(path).st_mode & 0o005:
        return False
    return all(os.stat(parent).st_mode & 0o001 for parent in path.parents)


def _top_level_binds() -> list[str]:
    """/usr read-only, and /bin, /lib... as the symlinks or directories they are on the host."""
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("/bin", "/sbin", "/lib", "/lib32", "/lib64"):
        if os.path.islink(name):
            args += ["--symlink", os.readlink(name), name]
        elif os.path.isdir(name):
            args += ["--ro-bind", name, name]
    return args


def _python_binds() -> tuple[list[str], str, dict[str, str]]:
    """Bind the interpreter's prefix at PYTHON_DIR unless it already lives under /usr."""
    prefix, exe = _interpreter()
    if prefix == "/usr" or prefix.startswith("/usr/"):
        return [], exe, {}
    inner_exe = os.path.join(PYTHON_DIR, os.path.relpath(exe, prefix))
    binds = ["--ro-bind", prefix, PYTHON_DIR]
    return binds, inner_exe, {"LD_LIBRARY_PATH": f"{PYTHON_DIR}/lib"}


def _lib_binds() -> tuple[list[str], str | None]:
    dirs = _package_dirs()
    args: list[str] = []
    for directory in dirs:
        args += ["--ro-bind", str(directory), f"{LIB_DIR}/{directory.name}"]
    return (["--perms", "0755", "--dir", LIB_DIR, *args], LIB_DIR) if dirs else ([], None)


def _identity(uid: int | None, python: list[str]) -> tuple[list[str], list[str]]:
    """Namespace flags, and the command that drops to `uid` inside the sandbox when root.

    As root, bubblewrap is privileged and does not need a user namespace; the child then
    drops to a real unprivileged uid with setpriv, so RLIMIT_NPROC holds. Without root,
    bubblewrap needs the user namespace and maps us to uid 65534 inside it.
    """
    if uid is None:
        ids = ["--uid", str(SANDBOX_IDS), "--gid", str(SANDBOX_IDS)]
        return ["--unshare-all", *ids, "--cap-drop", "ALL"], python
    flags = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts"]
    flags += ["--unshare-cgroup-try", "--cap-drop", "ALL"]
    flags += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP"]
    setpriv = [shutil.which("setpriv") or "/usr/bin/setpriv", "--reuid", str(uid)]
    setpriv += ["--regid", str(uid), "--clear-groups", "--inh-caps=-all", "--bounding-set=-all"]
    return flags, [*setpriv, *python]


def bubblewrap_launch(workdir: str, uid: int | None, tmp_mb: int, code: list[str],
                      inputs: tuple[str, ...] = ()) -> Launch:
    """bwrap command line: only the interpreter, NumPy, pandas and system libraries.

    The working folder is a tmpfs of `tmp_mb` (like /tmp), so an answer that writes in a loop
    fills its own few megabytes, never the host's disk; the host folder lends it only the
    `inputs` files, read-only.
    """
    py_binds, exe, py_env = _python_binds()
    lib_binds, lib = _lib_binds()
    ns_flags, command = _identity(uid, [exe, *PYTHON_FLAGS, *code])
    argv = [shutil.which("bwrap") or "bwrap", *ns_flags, "--die-with-parent", "--new-session"]
    argv += [*_top_level_binds(), "--perms", "0755", "--dir", "/opt", *py_binds, *lib_binds]
    argv += ["--proc", "/proc", "--dev", "/dev"]
    argv += ["--perms", "1777", "--size", str(tmp_mb * 1024 * 1024), "--tmpfs", "/tmp"]  # noqa: S108 - a private tmpfs
    argv += ["--perms", "1777", "--size", str(tmp_mb * 1024 * 1024), "--tmpfs", WORK_DIR]
    for name in inputs:  # the harness empties `.inputs` after reading it: that one is writable
        mode = "--bind" if name == ".inputs" else "--ro-bind"
        argv += [mode, os.path.join(workdir, name), f"{WORK_DIR}/{name}"]
    argv += ["--chdir", WORK_DIR]
    for key, value in py_env.items():
        argv += ["--setenv", key, value]
    argv += ["--", *command]
    env = ENV | {"HOME": WORK_DIR}
    return Launch(argv, env, workdir, lib, uid)


def _rlimits_python() -> str:
    """An interpreter the throw-away uid can run: ours, or the system one of our version."""
    _, exe = _interpreter()
    if not is_root() or _world_usable(Path(exe)):
        return exe
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (f"/usr/local/bin/{version}", f"/usr/bin/{version}"):
        if _world_usable(Path(candidate)):
            return os.path.realpath(candidate)
    raise RuntimeError(f"no {version} interpreter that an unprivileged uid can run")


def _rlimits_lib(uid: int | None) -> str | None:
    dirs = _package_dirs()
    if not dirs:
        return None
    site = str(dirs[0].parent)
    return site if uid is None or _world_usable(Path(site)) else None


def rlimits_launch(workdir: str, uid: int | None, code: list[str]) -> Launch:
    """Plain child: scrubbed environment, new session, and the throw-away uid when root."""
    argv = [_rlimits_python(), *PYTHON_FLAGS, *code]
    env = ENV | {"HOME": workdir, "TMPDIR": workdir}
    popen: dict[str, Any] = {}
    if uid is not None:
        popen = {"user": uid, "group": uid, "extra_groups": []}
    return Launch(argv, env, workdir, _rlimits_lib(uid), uid, popen)


def _run_probe() -> subprocess.CompletedProcess[bytes]:
    """The real bubblewrap command line, as a run would use it, with `python -c pass`."""
    workdir = tempfile.mkdtemp(prefix="sandbox-probe-")
    try:
        uid = throwaway_uid()
        own_workdir(workdir, uid)
        launch = bubblewrap_launch(workdir, uid, 1, ["-c", "pass"])
        return subprocess.run(  # noqa: S603 - fixed argv built above
            launch.argv, env=launch.env, capture_output=True, timeout=20, check=False
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _try_bubblewrap() -> Probe:
    if shutil.which("bwrap") is None:
        return Probe(RLIMITS_ONLY, "bwrap is not installed")
    if is_root() and shutil.which("setpriv") is None:
        return Probe(RLIMITS_ONLY, "setpriv (util-linux) is needed to drop root")
    try:
        done = _run_probe()
    except (OSError, subprocess.SubprocessError) as exc:
        return Probe(RLIMITS_ONLY, f"bubblewrap failed to start: {exc}")
    if done.returncode != 0:
        detail = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        return Probe(RLIMITS_ONLY, f"bubblewrap does not work here: {detail[0]}")
    return Probe(BUBBLEWRAP)


@functools.cache
def probe() -> Probe:
    """Try bubblewrap once per process; log loudly when the sandbox falls back."""
    result = _try_bubblewrap()
    if result.mode != BUBBLEWRAP:
        log.warning("Sandbox runs WITHOUT bubblewrap isolation: %s", result.reason)
    return result
