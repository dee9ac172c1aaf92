"""Load the bank into the database and query it for the pages, the API and the CLI."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import and_, case, delete, false, func, literal, or_, select

from interview.bank.loader import Bank, read_bank
from interview.bank.models import (
    Bookmark,
    Question,
    QuestionLevel,
    QuestionTopic,
    QuestionVersion,
    Topic,
)
from interview.bank.schemas import KIND_LABELS, KINDS, LEVELS, SLUG_RE
from interview.clock import utcnow
from interview.extensions import db


class BankInvalid(Exception):
    """The bank has errors; nothing was loaded."""

    def __init__(self, bank: Bank) -> None:
        super().__init__(f"{len(bank.errors)} error(s) in the bank")
        self.bank = bank


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired)


def content_hash(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def search_text(body: dict[str, Any]) -> str:
    parts = [body["title"], body["prompt"], " ".join(body["topics"]), body["kind"]]
    return " ".join(parts).lower()


def load_bank(root: Path | str) -> LoadReport:
    """Upsert every question by id; idempotent. Refuses an invalid bank as a whole."""
    bank = read_bank(root)
    if bank.errors:
        raise BankInvalid(bank)
    _sync_topics(bank.topics)
    report = LoadReport()
    existing = {q.id: q for q in db.session.scalars(select(Question))}
    for body in bank.questions:
        _upsert(body, existing.get(body["id"]), report)
    seen = {body["id"] for body in bank.questions}
    for qid, question in existing.items():
        if qid not in seen and not question.retired:
            question.retired = True  # kept for the attempts that point at it
            report.retired.append(qid)
    db.session.flush()
    return report


def _sync_topics(topics: list[dict[str, Any]]) -> None:
    current = {t.id: t for t in db.session.scalars(select(Topic))}
    for data in topics:
        topic = current.get(data["id"]) or Topic(id=data["id"])
        topic.name, topic.source = data["name"], data["source"]
        db.session.add(topic)
    db.session.flush()


def _upsert(body: dict[str, Any], question: Question | None, report: LoadReport) -> None:
    digest = content_hash(body)
    if question and question.current_version and question.current_version.content_hash == digest:
        if question.retired:
            question.retired = False
            report.updated.append(question.id)
        else:
            report.unchanged += 1
        return
    if question is None:
        question = Question(id=body["id"], kind=body["kind"], title=body["title"])
        db.session.add(question)
        report.created.append(body["id"])
    else:
        report.updated.append(body["id"])
    number = 1 + (db.session.scalar(select(func.max(QuestionVersion.number))
                                    .where(QuestionVersion.question_id == body["id"])) or 0)
    version = QuestionVersion(question_id=body["id"], number=number, content_hash=digest,
                              body=body)
    db.session.add(version)
    db.session.flush()
    _apply(question, body, version)


def _apply(question: Question, body: dict[str, Any], version: QuestionVersion) -> None:
    question.kind, question.title = body["kind"], body["title"]
    question.time_limit_minutes = body["time_limit_minutes"]
    question.search_text = search_text(body)
    question.retired = False
    question.current_version = version
    question.updated_at = utcnow()
    question.levels = [QuestionLevel(level=lv) for lv in body["levels"]]
    question.topics = [QuestionTopic(topic_id=t) for t in body["topics"]]


@dataclass(frozen=True)
class QuestionFilter:
    kind: str | None = None
    level: str | None = None
    topic: str | None = None
    q: str | None = None


# Words people search for that the bank spells another way; each maps to words to look for.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "k8s": ("kubernetes",), "kubernetes": ("k8s",), "docker": ("container",),
    "llm": ("large language model",), "llms": ("large language model",),
    "mlops": ("mlops", "monitoring", "deployment"), "ci": ("ci/cd",), "cd": ("ci/cd",),
    "gpu": ("gpu", "distributed training"), "ab": ("a/b", "experiment"),
    "regularization": ("regularisation",), "regularisation": ("regularization",),
    "optimization": ("optimisation",), "optimisation": ("optimization",),
    "sagemaker": ("cloud ml",), "vertex": ("cloud ml",), "airflow": ("pipeline",),
}
TITLE_WEIGHT, TOPIC_WEIGHT, TEXT_WEIGHT = 4, 2, 1  # a title hit ranks above a topic's


def _words(q: str | None) -> list[str]:
    return [w[:50] for w in (q or "").lower().split()[:8]]


def _topic_ids(word: str, topics: list[Topic]) -> list[str]:
    """Topics whose id or name holds the word (or one of its synonyms)."""
    spellings = (word, *SYNONYMS.get(word, ()))
    return [t.id for t in topics
            if any(s in t.name.lower() or s in t.id for s in spellings)]


def question_query(flt: QuestionFilter, saved_by: int | None = None):
    """Active questions matching the filter. Without words: by kind then title. With words,
    every word must match a title, a prompt, a topic (id, name or synonym) or the id, and
    hits rank title > topic > prompt. `saved_by` keeps only that user's bookmarks."""
    stmt = select(Question).where(Question.retired.is_(False))
    if flt.kind:
        stmt = stmt.where(Question.kind == flt.kind)
    if flt.level:
        stmt = stmt.where(Question.id.in_(
            select(QuestionLevel.question_id).where(QuestionLevel.level == flt.level)))
    if flt.topic:
        stmt = stmt.where(Question.id.in_(
            select(QuestionTopic.question_id).where(QuestionTopic.topic_id == flt.topic)))
    if saved_by is not None:
        stmt = stmt.where(Question.id.in_(
            select(Bookmark.question_id).where(Bookmark.user_id == saved_by)))
    words = _words(flt.q)
    if not words:
        return stmt.order_by(Question.kind, Question.title)
    topics = all_topics()
    rank: Any = literal(0)
    for word in words:
        spellings = (word, *SYNONYMS.get(word, ()))
        in_title = or_(*(func.lower(Question.title).like(f"%{s}%") for s in spellings))
        in_text = or_(*(Question.search_text.like(f"%{s}%") for s in spellings),
                      Question.id.like(f"%{word}%"))
        ids = _topic_ids(word, topics)
        in_topic = (Question.id.in_(select(QuestionTopic.question_id)
                                    .where(QuestionTopic.topic_id.in_(ids)))
                    if ids else false())
        stmt = stmt.where(or_(in_title, in_topic, in_text))
        rank = rank + case((in_title, TITLE_WEIGHT), else_=0) + case(
            (in_topic, TOPIC_WEIGHT), else_=0) + case((and_(in_text, ~in_title), TEXT_WEIGHT),
                                                      else_=0)
    return stmt.order_by(rank.desc(), Question.kind, Question.title)


def browse(flt: QuestionFilter, page: int = 1, per_page: int = 20,
           saved_by: int | None = None) -> Pagination:
    return db.paginate(question_query(flt, saved_by), page=page, per_page=per_page,
                       error_out=False)


def get_question(qid: str) -> Question | None:
    """None for ids that cannot exist (bank ids are slugs), before asking the database."""
    if not qid or len(qid) > 80 or not SLUG_RE.fullmatch(qid):
        return None
    return db.session.get(Question, qid)


def all_topics() -> list[Topic]:
    return list(db.session.scalars(select(Topic).order_by(Topic.name)))


def bank_counts() -> dict[str, int]:
    """Active questions per kind (one grouped query)."""
    rows = db.session.execute(select(Question.kind, func.count()).where(
        Question.retired.is_(False)).group_by(Question.kind))
    counts = dict.fromkeys(KINDS, 0)
    counts.update({kind: n for kind, n in rows})
    return counts


def kind_overview() -> list[dict[str, Any]]:
    """For the public page: each kind with its label and its active questions' count."""
    counts = bank_counts()
    return [{"kind": kind, "label": KIND_LABELS[kind], "count": counts[kind]} for kind in KINDS]


# --- bookmarks ----------------------------------------------------------------------------


def bookmarked_ids(user_id: int, question_ids: list[str] | None = None) -> set[str]:
    """The user's bookmarked question ids (among `question_ids` when given)."""
    stmt = select(Bookmark.question_id).where(Bookmark.user_id == user_id)
    if question_ids is not None:
        if not question_ids:
            return set()
        stmt = stmt.where(Bookmark.question_id.in_(question_ids))
    return set(db.session.scalars(stmt))


def toggle_bookmark(user_id: int, question: Question) -> bool:
    """Save the question, or unsave it when saved already; True when it is saved now."""
    if question.id in bookmarked_ids(user_id, [question.id]):
        db.session.execute(delete(Bookmark).where(Bookmark.user_id == user_id,
                                                  Bookmark.question_id == question.id))
        db.session.flush()
        return False
    db.session.add(Bookmark(user_id=user_id, question_id=question.id))
    db.session.flush()
    return True


def bank_stats(bank: Bank) -> dict[str, Any]:
    """Counts by kind, level, topic, kind x level and coding language, from the YAML."""
    by_kind = Counter(q["kind"] for q in bank.questions)
    by_level = Counter(lv for q in bank.questions for lv in q["levels"])
    by_topic = Counter(t for q in bank.questions for t in q["topics"])
    grid = {k: {lv: sum(1 for q in bank.questions if q["kind"] == k and lv in q["levels"])
                for lv in LEVELS} for k in KINDS}
    ml = sum(1 for q in bank.questions if q["id"].startswith("code-ml-"))
    by_language = Counter((q.get("coding") or {}).get("language", "python")
                          for q in bank.questions if q["kind"] == "coding")
    return {
        "total": len(bank.questions),
        "by_kind": {k: by_kind.get(k, 0) for k in KINDS},
        "by_level": {lv: by_level.get(lv, 0) for lv in LEVELS},
        "by_topic": {t["id"]: by_topic.get(t["id"], 0) for t in bank.topics},
        "by_kind_and_level": grid,
        "coding_ml_flavoured": ml,
        "by_language": {lang: by_language.get(lang, 0) for lang in ("python", "sql")},
    }
