"""Score a JSON Lines file of answers: the core of `flask score batch`.

Each input line is {"id", "question": {"prompt", "rubric": [...], "reference_answer"?},
"answer"}. Each output line is {"id", "score", "criteria", "scorer", ...}, in input order.
A bad line gets an output line with an "error" and the batch goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import Any

from interview.scoring import embeddings
from interview.scoring.service import score_answer
from interview.scoring.types import JudgeSettings, ScoreResult

SCORERS = ("offline", "llm")
LLM_WORKERS = 4  # concurrent judge requests; the offline scorer runs in one thread
CHUNK = 64


def score_batch(input_path: str | Path, output_path: str | Path, scorer: str = "offline",
                settings: JudgeSettings | None = None) -> int:
    """Score every line of `input_path` into `output_path`; returns how many were scored.

    Lines that fail (bad JSON, missing fields, bad rubric) are written with an "error" and
    not counted. With scorer="llm", judge failures fall back to the offline scorer per line.
    """
    if scorer not in SCORERS:
        raise ValueError(f"scorer must be one of {SCORERS}, not {scorer!r}")
    if scorer == "llm" and settings is None:
        raise ValueError("the llm scorer needs judge settings (base URL, key, model)")
    embeddings.get_model()  # load once, before any timing-sensitive work
    judge = settings if scorer == "llm" else None
    scored = 0
    with open(input_path, encoding="utf-8") as src, open(output_path, "w", encoding="utf-8") as out:
        for record in _score_lines(_numbered(src), judge):
            scored += "error" not in record
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return scored


def _numbered(lines: Iterator[str]) -> Iterator[tuple[int, str]]:
    """Non-blank lines with their 1-based line numbers (for error messages)."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield number, line


def _score_lines(lines: Iterator[tuple[int, str]], settings: JudgeSettings | None
                 ) -> Iterator[dict[str, Any]]:
    """Score lines in order; judge calls run a few at a time since they wait on the network."""
    if settings is None:
        for item in lines:
            yield score_line(item, None)
        return
    with ThreadPoolExecutor(max_workers=LLM_WORKERS) as pool:
        chunk: list[tuple[int, str]] = []
        for item in lines:
            chunk.append(item)
            if len(chunk) == CHUNK:
                yield from pool.map(lambda it: score_line(it, settings), chunk)
                chunk = []
        yield from pool.map(lambda it: score_line(it, settings), chunk)


def score_line(item: tuple[int, str], settings: JudgeSettings | None) -> dict[str, Any]:
    """Score one input line, or describe what is wrong with it."""
    number, line = item
    record_id: Any = None
    try:
        record = json.loads(line)
        if not isinstance(record, dict):
            raise ValueError("a line must be a JSON object")
        record_id = record.get("id")
        question, answer = _validate(record)
        result = score_answer(question, answer, settings)
    except (ValueError, TypeError, KeyError) as exc:
        return {"id": record_id, "line": number, "error": str(exc) or type(exc).__name__}
    return output_record(record_id, result)


def output_record(record_id: Any, result: ScoreResult) -> dict[str, Any]:
    """The output line of a scored answer."""
    output = {"id": record_id, "score": result.total,
              "criteria": [asdict(c) for c in result.criteria], "scorer": result.scorer,
              "model": result.model, "feedback": result.feedback, "injection": result.injection}
    if result.error:
        output["judge_error"] = result.error  # a fallback: scored, but not by the judge
    return output


def _validate(record: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The question and answer of a line, or ValueError naming the problem."""
    if "id" not in record:
        raise ValueError("missing 'id'")
    question, answer = record.get("question"), record.get("answer")
    if not isinstance(question, dict):
        raise ValueError("'question' must be an object")
    if not isinstance(answer, str):
        raise ValueError("'answer' must be a string")
    rubric = question.get("rubric")
    if rubric is not None and not isinstance(rubric, list):
        raise ValueError("'question.rubric' must be a list")
    if not rubric and not question.get("reference_answer"):
        raise ValueError("the question needs a rubric or a reference_answer")
    return question, answer
