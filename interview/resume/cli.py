"""`flask resume build` and `flask resume report`: the resume tools from the shell.

The lead registers `resume_cli` on the app (`app.cli.add_command(resume_cli)`); roles are
read from the app's BANK_DIR config, defaulting to the repository's question_bank/.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from .errors import ResumeError
from .exports import FORMATS, export
from .report import extract_text, keyword_report
from .roles import DEFAULT_BANK_DIR, RoleProfile, load_roles
from .services import build_from_details

resume_cli = AppGroup("resume", help="Build ATS-friendly resumes and keyword reports.")


def _roles() -> dict[str, RoleProfile]:
    return load_roles(Path(current_app.config.get("BANK_DIR") or DEFAULT_BANK_DIR))


def _read_text(path: str | None) -> str | None:
    return Path(path).read_text(encoding="utf-8") if path else None


@resume_cli.command("build")
@click.option("--role", "role_id", required=True, help="Role profile id, e.g. mle.")
@click.option("--level", required=True, help="junior, mid, senior or staff.")
@click.option("--focus", multiple=True, help="Focus area id; repeat for several.")
@click.option("--jd", type=click.Path(exists=True, dir_okay=False), help="Job description file.")
@click.option("--details", type=click.Path(exists=True, dir_okay=False), help="Details JSON file.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.option("--output", type=click.Path(dir_okay=False, writable=True), required=True)
def build_command(role_id, level, focus, jd, details, fmt, output) -> None:
    """Build a resume from a role profile (and optionally your details and a job ad)."""
    try:
        data = json.loads(Path(details).read_text(encoding="utf-8")) if details else None
        started = time.perf_counter()
        resume = build_from_details(role_id, level, list(focus), data, _read_text(jd),
                                    roles=_roles())
        Path(output).write_bytes(export(resume, fmt))
    except (ResumeError, json.JSONDecodeError) as exc:
        raise click.ClickException(str(exc)) from exc
    elapsed = time.perf_counter() - started
    click.echo(f"Wrote {output} ({fmt}, {elapsed * 1000:.0f} ms)")


@resume_cli.command("report")
@click.option("--jd", type=click.Path(exists=True, dir_okay=False), required=True)
@click.option(
    "--resume",
    "resume_path",
    type=click.Path(exists=True, dir_okay=False),
    required=True,
    help="Resume file: PDF, DOCX or text.",
)
@click.option("--role", "role_id", default=None, help="Role profile id to weight skills by.")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
def report_command(jd, resume_path, role_id, as_json) -> None:
    """Compare a resume with a job description: keywords found, missing, warnings."""
    path = Path(resume_path)
    try:
        text = extract_text(path.name, path.read_bytes())
        report = keyword_report(_read_text(jd) or "", text, role_id, roles=_roles())
    except ResumeError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    _print_report(report)


def _print_report(report: dict) -> None:
    click.echo(
        f"Coverage: {report['coverage']}% of keywords, "
        f"{report['required_coverage']}% of required ones"
    )
    for row in report["keywords"]:
        mark = "found  " if row["found"] else "MISSING"
        where = ", ".join(row["sections"])
        need = "required" if row["required"] else "nice"
        click.echo(f"  {mark} {row['name']} ({need}){' in ' + where if where else ''}")
    for warning in report["warnings"]:
        click.echo(f"Warning: {warning['message']}")
