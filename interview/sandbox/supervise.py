"""Start the sandboxed child, read its output under caps, and make sure it ends.

The child cannot be trusted to exit, to stop printing or to leave no helpers behind, so the
parent watches three pipes and a pidfd with one deadline: it kills the whole process group
(and, as root, every process of the run's throw-away uid) when the wall clock runs out,
when the output passes its cap, and in any case once the child has exited.
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess  # noqa: S404 - running the sandbox is this module's job
import time
from dataclasses import dataclass, field

from .isolation import Launch
from .limits import Limits

RESULTS_CAP = 8 * 1024 * 1024
DRAIN_SECONDS = 0.5
_CHUNK = 65536


@dataclass
class Collected:
    """What the parent saw of one run; raw bytes, nothing decided yet."""

    stdout: bytearray = field(default_factory=bytearray)
    stderr: bytearray = field(default_factory=bytearray)
    results: bytearray = field(default_factory=bytearray)
    returncode: int | None = None
    elapsed: float = 0.0
    timed_out: bool = False
    output_capped: bool = False
    results_capped: bool = False


def _sweep_uid(uid: int) -> None:
    """SIGKILL every process of `uid`: catches helpers that left the process group."""
    for _ in range(5):
        victims = [pid for pid in _pids() if _real_uid(pid) == uid]
        if not victims:
            return
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        time.sleep(0.01)


def _pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _real_uid(pid: int) -> int | None:
    """Real uid of a live process; None for zombies (already dead) and vanished pids."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            fields = dict(line.split(":", 1) for line in handle if ":" in line)
        if fields.get("State", "").strip().startswith(("Z", "X")):
            return None
        return int(fields["Uid"].split()[0])
    except (OSError, ValueError, KeyError, IndexError):
        return None


def kill_run(pgid: int, uid: int | None) -> None:
    """Kill the child's process group, and all of the run's uid when we have one."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if uid is not None:
        _sweep_uid(uid)


class _Watcher:
    """One select loop over stdout, stderr, the result pipe and the child's pidfd."""

    def __init__(self, proc: subprocess.Popen[bytes], result_fd: int, launch: Launch,
                 limits: Limits) -> None:
        self.proc, self.launch, self.limits = proc, launch, limits
        self.got = Collected()
        self.selector = selectors.DefaultSelector()
        self.pidfd = os.pidfd_open(proc.pid)
        self.selector.register(self.pidfd, selectors.EVENT_READ, "exit")
        self.buffers = {"stdout": self.got.stdout, "stderr": self.got.stderr}
        self.buffers["results"] = self.got.results
        assert proc.stdout is not None and proc.stderr is not None  # noqa: S101 - both PIPE
        for fd, name in ((proc.stdout.fileno(), "stdout"), (proc.stderr.fileno(), "stderr")):
            self._watch(fd, name)
        self._watch(result_fd, "results")
        self.started = time.monotonic()
        self.deadline = self.started + limits.wall_seconds
        self.exited = False

    def _watch(self, fd: int, name: str) -> None:
        os.set_blocking(fd, False)
        self.selector.register(fd, selectors.EVENT_READ, name)

    def kill(self) -> None:
        kill_run(self.proc.pid, self.launch.uid)

    def run(self) -> Collected:
        """Loop until every pipe is closed, the deadline passes or a cap is hit."""
        try:
            while self.selector.get_map() and not self._capped():
                remaining = self.deadline - time.monotonic()
                if remaining <= 0:
                    self.got.timed_out = not self.exited
                    break
                for key, _ in self.selector.select(remaining):
                    self._handle(key)
        finally:
            self._finish()
        return self.got

    def _capped(self) -> bool:
        return self.got.output_capped or self.got.results_capped

    def _handle(self, key: selectors.SelectorKey) -> None:
        if key.data == "exit":
            self.exited = True
            self.selector.unregister(key.fd)
            self.kill()
            self.deadline = min(self.deadline, time.monotonic() + DRAIN_SECONDS)
            return
        try:
            chunk = os.read(key.fd, _CHUNK)
        except BlockingIOError:
            return
        if not chunk:
            self.selector.unregister(key.fd)
            return
        self._store(key.data, chunk)

    def _store(self, name: str, chunk: bytes) -> None:
        buffer = self.buffers[name]
        buffer += chunk
        if name == "results":
            self.got.results_capped = len(buffer) > RESULTS_CAP
            return
        printed = len(self.got.stdout) + len(self.got.stderr)
        if printed > self.limits.max_output_bytes:
            self.got.output_capped = True
            excess = printed - self.limits.max_output_bytes
            del buffer[len(buffer) - excess :]

    def _finish(self) -> None:
        self.got.elapsed = time.monotonic() - self.started
        self.kill()
        try:
            self.got.returncode = self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.got.returncode = None
        self.selector.close()
        os.close(self.pidfd)


def start(launch: Launch, result_w: int) -> subprocess.Popen[bytes]:
    """Start the child in its own session with only the result pipe passed on."""
    return subprocess.Popen(  # noqa: S603 - argv comes from isolation, not from the user
        launch.argv,
        cwd=launch.workdir,
        env=launch.env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        pass_fds=(result_w,),
        start_new_session=True,
        **launch.popen,
    )


def run_child(launch: Launch, limits: Limits, pipe: tuple[int, int]) -> Collected:
    """Run the child to completion (or its limits) and return what it wrote.

    `pipe` is the result channel, created before the inputs were written because the child
    is told the write end's number; both ends are closed here.
    """
    result_r, result_w = pipe
    try:
        proc = start(launch, result_w)
    except BaseException:
        os.close(result_r)
        raise
    finally:
        os.close(result_w)
    try:
        with proc:
            return _Watcher(proc, result_r, launch, limits).run()
    finally:
        os.close(result_r)
