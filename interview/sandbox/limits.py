"""What one run of candidate code may use: plain settings, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Per-run resource limits; the defaults suit an interview-sized coding question."""

    cpu_seconds: int = 5
    wall_seconds: float = 10.0
    memory_mb: int = 512
    max_processes: int = 64
    max_file_mb: int = 8
    max_open_files: int = 64
    max_output_bytes: int = 64_000
    # Without bubblewrap the code would run with resource limits alone, able to read what
    # its uid can read: refused unless the deployment says so (SANDBOX_ALLOW_UNISOLATED).
    allow_unisolated: bool = False
