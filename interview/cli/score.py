"""`flask score batch --input IN.jsonl --output OUT.jsonl [--scorer offline|llm]`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

score_cli = AppGroup("score", help="Score answers outside the web app.")


@score_cli.command("batch")
@click.option("--input", "input_path", required=True, type=click.Path(exists=True))
@click.option("--output", "output_path", required=True, type=click.Path())
@click.option("--scorer", type=click.Choice(["offline", "llm"]), default="offline",
              show_default=True)
def batch(input_path: str, output_path: str, scorer: str) -> None:
    """Score every JSON line of IN; bad lines get an `error` and do not stop the batch."""
    from interview.scoring.batch import score_batch
    from interview.scoring.pipeline import judge_settings

    settings = judge_settings() if scorer == "llm" else None
    if scorer == "llm" and settings is None:
        raise click.ClickException("--scorer llm needs LLM_MODEL and LLM_BASE_URL or "
                                   "LLM_API_KEY to be set")
    count = score_batch(input_path, output_path, scorer=scorer, settings=settings)
    click.echo(f"scored {count} line(s) into {output_path}")
