"""Shared fixtures for the resume tests: profiles, fixture files, built resumes, readers.

Exports are read back with tools that share no code with the writers: poppler's
pdftotext/pdffonts and pypdf for PDF, docx2txt and the raw XML for DOCX, jsonschema.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest

from interview.resume.build import Resume, build_resume
from interview.resume.roles import RoleProfile, load_roles

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2025, 6, 1)


@pytest.fixture(scope="session")
def roles() -> dict[str, RoleProfile]:
    return load_roles()


@pytest.fixture(scope="session")
def details() -> dict:
    return json.loads((FIXTURES / "details_mid.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def jd_recsys() -> str:
    return (FIXTURES / "jd_recsys_mle.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def mid_resume(roles, details, jd_recsys) -> Resume:
    return build_resume(
        "mle", "mid", ["recommendations"], details, jd_recsys, roles=roles, today=TODAY
    )


def run(*args: str, data: bytes | None = None) -> str:
    """Run a poppler tool on stdin/args and return its text output."""
    result = subprocess.run(args, input=data, capture_output=True, check=True)  # noqa: S603
    return result.stdout.decode("utf-8")


def pdftotext(pdf: bytes, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + ["-", "-"]
    return run(*args, data=pdf)


def pdffonts(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    lines = run("pdffonts", str(path)).splitlines()[2:]
    return [line.split() for line in lines if line.strip()]


def squash(text: str) -> str:
    """Collapse whitespace (PDF text wraps lines) for containment checks."""
    return " ".join(text.split())


@pytest.fixture(scope="session")
def readers():
    """The independent readers, as a fixture so test modules need no sibling imports."""

    class Readers:
        pdftotext = staticmethod(pdftotext)
        pdffonts = staticmethod(pdffonts)
        squash = staticmethod(squash)

    return Readers


@pytest.fixture(scope="session")
def fixture_text():
    """Read a fixture file as text."""
    return lambda name: (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture
def candidate(make_user, login):
    """A signed-in candidate."""
    user = make_user(role="candidate")
    login(user)
    return user
