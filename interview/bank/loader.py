"""Read and check the YAML bank. No database here: `services.load_bank` stores the result.

Every problem becomes a `BankError` naming the file, the question id and the field path,
so a reviewer can fix a broken bank without reading a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from marshmallow import ValidationError

from interview.bank.schemas import KINDS, QuestionSchema, TopicsFileSchema

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BankError:
    file: str
    question: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.question:
            where += f" [{self.question}]"
        if self.field:
            where += f" {self.field}"
        return f"{where}: {self.message}"


@dataclass
class Bank:
    questions: list[dict[str, Any]] = field(default_factory=list)
    topics: list[dict[str, Any]] = field(default_factory=list)
    errors: list[BankError] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # question id -> file


def flatten(messages: Any, prefix: str = "") -> Iterable[tuple[str, str]]:
    """marshmallow's nested error dict as (field.path, message) pairs."""
    if isinstance(messages, dict):
        for key, value in messages.items():
            path = prefix if key == "_schema" else f"{prefix}.{key}" if prefix else str(key)
            yield from flatten(value, path)
    elif isinstance(messages, list) and messages and isinstance(messages[0], str):
        for message in messages:
            yield prefix or "(question)", message
    elif isinstance(messages, list):
        for item in messages:
            yield from flatten(item, prefix)
    else:
        yield prefix or "(question)", str(messages)


def read_yaml(path: Path, root: Path) -> tuple[Any, BankError | None]:
    """Parse one file; a syntax error names the file and line."""
    rel = str(path.relative_to(root.parent)) if path.is_relative_to(root.parent) else str(path)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")), None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}" if mark else "unknown line"
        problem = getattr(exc, "problem", None) or str(exc)
        return None, BankError(rel, None, line, f"YAML syntax error: {problem}")
    except (OSError, UnicodeDecodeError) as exc:
        return None, BankError(rel, None, None, f"cannot read file: {exc}")


def read_topics(root: Path, bank: Bank) -> set[str]:
    data, error = read_yaml(root / "topics.yaml", root)
    if error:
        bank.errors.append(error)
        return set()
    try:
        bank.topics = TopicsFileSchema().load(data or {})["topics"]
    except ValidationError as exc:
        bank.errors.extend(BankError("question_bank/topics.yaml", None, path, msg)
                           for path, msg in flatten(exc.messages))
        return set()
    return {t["id"] for t in bank.topics}


def check_question(raw: Any, rel: str, kind: str, topics: set[str]) -> tuple[dict | None,
                                                                              list[BankError]]:
    """Validate one question against the schema and the bank-wide rules."""
    qid = raw.get("id") if isinstance(raw, dict) else None
    if not isinstance(raw, dict):
        return None, [BankError(rel, None, None, "expected a mapping of question fields")]
    try:
        question = QuestionSchema().load(raw)
    except ValidationError as exc:
        return None, [BankError(rel, qid, path, msg) for path, msg in flatten(exc.messages)]
    errors = []
    if question["kind"] != kind:
        errors.append(BankError(rel, qid, "kind",
                                f"is {question['kind']!r} but the file is in {kind}/"))
    for i, topic in enumerate(question["topics"]):
        if topic not in topics:
            errors.append(BankError(rel, qid, f"topics.{i}", f"unknown topic {topic!r}"))
    probes = question.get("ask_employer", {}).get("probes")
    if probes and probes not in topics:
        errors.append(BankError(rel, qid, "ask_employer.probes", f"unknown topic {probes!r}"))
    return question, errors


def read_bank(root: Path | str) -> Bank:
    """Read topics and every question file under `root`, collecting all errors."""
    root = Path(root)
    bank = Bank()
    topics = read_topics(root, bank)
    for kind in KINDS:
        for path in sorted((root / kind).glob("*.y*ml")):
            _read_question_file(path, root, kind, topics, bank)
    return bank


def _read_question_file(path: Path, root: Path, kind: str, topics: set[str], bank: Bank) -> None:
    rel = f"{root.name}/{kind}/{path.name}"
    raw, error = read_yaml(path, root)
    if error:
        bank.errors.append(BankError(rel, None, error.field, error.message))
        return
    question, errors = check_question(raw, rel, kind, topics)
    bank.errors.extend(errors)
    if question is None:
        return
    if question["id"] in bank.sources:
        first = bank.sources[question["id"]]
        bank.errors.append(BankError(rel, question["id"], "id",
                                     f"duplicate id; also used in {first}"))
        return
    bank.sources[question["id"]] = rel
    bank.questions.append(question)


TeethCheck = Callable[[dict[str, Any]], list[str]]


def check_teeth(bank: Bank, run: TeethCheck) -> None:
    """Run every coding question's reference and wrong solutions through `run`.

    `run(question)` returns problem messages (reference failing a test, a wrong solution
    passing them all); each becomes a BankError on the `coding` field.
    """
    for question in bank.questions:
        if question["kind"] != "coding":
            continue
        for message in run(question):
            bank.errors.append(BankError(bank.sources[question["id"]], question["id"],
                                         "coding", message))
