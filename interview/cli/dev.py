"""`flask dev seed`: realistic volumes of users, sessions, attempts and scores for benchmarks.

Rows are written with Core `executemany` in large batches and explicit ids, because the ORM
would take minutes for a few hundred thousand attempts. The data is plausible rather than
random noise: real question versions, scores spread over six months, rubric points copied
from the version each attempt answered, so every page renders what a real user would see.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import click
from flask.cli import AppGroup
from sqlalchemy import func, insert, inspect, select, text
from werkzeug.security import generate_password_hash

from interview.accounts.models import User
from interview.bank.models import Question, QuestionVersion
from interview.clock import utcnow
from interview.extensions import Model, db
from interview.levels import LEVELS
from interview.practice.models import Attempt, CriterionScore, PracticeSession, Score, SessionItem

dev_cli = AppGroup("dev", help="Development helpers: seed benchmark data.")
SEED_DOMAIN = "seed.example.com"
HEAVY_EMAIL = f"heavy@{SEED_DOMAIN}"
BATCH = 20_000
ITEMS_PER_SESSION = 4
SCORERS = ("offline", "offline", "llm", "llm", "fallback")
ANSWER = ("I would start by clarifying the goal and the constraints, then describe the data, "
          "the baseline model, how it is evaluated offline and online, and how it is monitored "
          "for drift after launch. ")


@dataclass
class Version:
    """What a seeded attempt needs from a question version."""

    id: int
    question_id: str
    kind: str
    rubric: list[dict]
    time_limit: int
    title: str


@dataclass
class Ids:
    """Next free primary key per table (explicit ids make batched inserts simple)."""

    session: int
    item: int
    attempt: int
    score: int
    criterion: int


def bank_versions() -> list[Version]:
    rows = db.session.execute(
        select(QuestionVersion.id, QuestionVersion.question_id, QuestionVersion.body,
               Question.time_limit_minutes)
        .join(Question, Question.current_version_id == QuestionVersion.id)
        .where(Question.retired.is_(False)).order_by(QuestionVersion.id))
    return [Version(vid, qid, body["kind"], body["rubric"], limit, body["title"])
            for vid, qid, body, limit in rows]


def next_ids() -> Ids:
    def nxt(model) -> int:
        return (db.session.scalar(select(func.max(model.id))) or 0) + 1

    return Ids(nxt(PracticeSession), nxt(SessionItem), nxt(Attempt), nxt(Score),
               nxt(CriterionScore))


def _insert(model: type[Model], rows: list[dict]) -> None:
    """Core INSERTs into the model's table (no ORM bookkeeping), in batches."""
    table = Model.metadata.tables[model.__tablename__]
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(table), rows[start:start + BATCH])


def create_users(candidates: int, coaches: int) -> tuple[list[int], list[int], int]:
    """Candidates, coaches and the heavy candidate; one password hash shared by all."""
    digest = generate_password_hash(SEED_PASSWORD)
    now, levels = utcnow(), LEVELS
    rows = [_user(f"candidate{i}@{SEED_DOMAIN}", "candidate", levels[i % 4], digest, now)
            for i in range(candidates)]
    rows += [_user(f"coach{i}@{SEED_DOMAIN}", "coach", "senior", digest, now)
             for i in range(coaches)]
    rows.append(_user(HEAVY_EMAIL, "candidate", "mid", digest, now))
    _insert(User, rows)
    found = dict(db.session.execute(select(User.email, User.id).where(
        User.email.like(f"%@{SEED_DOMAIN}"))).tuples().all())
    cand = [found[f"candidate{i}@{SEED_DOMAIN}"] for i in range(candidates)]
    coach = [found[f"coach{i}@{SEED_DOMAIN}"] for i in range(coaches)]
    return cand, coach, found[HEAVY_EMAIL]


SEED_PASSWORD = "seed-password-123"  # noqa: S105 - benchmark accounts on a dev database


def _user(email: str, role: str, level: str, digest: str, now: datetime) -> dict:
    return {"email": email, "name": email.split("@")[0].title(), "password_hash": digest,
            "role": role, "target_role": "mle", "target_level": level, "active": True,
            "created_at": now}


class Seeder:
    """Builds rows for sessions of a few items, each answered and scored."""

    def __init__(self, versions: list[Version], ids: Ids, rng: random.Random) -> None:
        self.versions, self.ids, self.rng = versions, ids, rng
        self.now = utcnow()
        self.rows: dict[str, list[dict]] = {}
        self.reset()

    def reset(self) -> None:
        self.rows = {"session": [], "item": [], "attempt": [], "score": [], "criterion": []}

    def session(self, candidate: int, size: int) -> None:
        """One finished practice session of `size` answered questions."""
        started = self.now - timedelta(minutes=self.rng.randint(10, 180 * 24 * 60))
        sid = self.ids.session
        self.ids.session += 1
        self.rows["session"].append({
            "id": sid, "candidate_id": candidate, "source": self.rng.choice(("pick", "loop")),
            "title": "Seeded practice", "assignment_id": None, "created_at": started,
            "finished_at": started + timedelta(minutes=40 * size)})
        for position in range(size):
            self._answer(sid, candidate, position, started + timedelta(minutes=40 * position))

    def _answer(self, sid: int, candidate: int, position: int, at: datetime) -> None:
        version = self.rng.choice(self.versions)
        item_id, attempt_id = self.ids.item, self.ids.attempt
        self.ids.item += 1
        self.ids.attempt += 1
        self.rows["item"].append({
            "id": item_id, "session_id": sid, "candidate_id": candidate, "position": position,
            "question_version_id": version.id, "parent_item_id": None, "follow_up": None,
            "time_limit_minutes": version.time_limit, "started_at": at,
            "deadline_at": at + timedelta(minutes=version.time_limit)})
        taken = self.rng.randint(120, version.time_limit * 60)
        self.rows["attempt"].append({
            "id": attempt_id, "item_id": item_id, "candidate_id": candidate,
            "question_id": version.question_id, "kind": version.kind, "answer": ANSWER * 3,
            "title": version.title,
            "submitted_at": at + timedelta(seconds=taken), "seconds_taken": taken,
            "late": False, "status": "scored", "scoring_started_at": at})
        self._score(attempt_id, version, at + timedelta(seconds=taken + 5))

    def _score(self, attempt_id: int, version: Version, at: datetime) -> None:
        score_id = self.ids.score
        self.ids.score += 1
        scorer = self.rng.choice(SCORERS)
        marks = [round(self.rng.betavariate(3, 2), 3) for _ in version.rubric]
        weights = [p["weight"] for p in version.rubric]
        total = sum(m * w for m, w in zip(marks, weights, strict=True)) / (sum(weights) or 1)
        self.rows["score"].append({
            "id": score_id, "attempt_id": attempt_id, "scorer": scorer,
            "model": "seed-model" if scorer == "llm" else None, "total": round(total, 3),
            "feedback": "Seeded feedback.", "injection": [], "code_verdict": None,
            "error": "seeded LLM failure" if scorer == "fallback" else None, "created_at": at})
        for position, (point, mark) in enumerate(zip(version.rubric, marks, strict=True)):
            self.rows["criterion"].append({
                "id": self.ids.criterion, "score_id": score_id, "position": position,
                "point_id": point["id"], "point": point["point"][:300],
                "weight": float(point["weight"]), "score": mark, "quote": None,
                "feedback": "Seeded."})
            self.ids.criterion += 1

    def flush(self) -> None:
        tables = {"session": PracticeSession, "item": SessionItem, "attempt": Attempt,
                  "score": Score, "criterion": CriterionScore}
        for key, model in tables.items():
            _insert(model, self.rows[key])
        self.reset()


def seed_attempts(owners: Iterator[int], versions: list[Version], seed: int) -> int:
    """Group consecutive attempts of one candidate into sessions and write them in batches."""
    seeder = Seeder(versions, next_ids(), random.Random(seed))  # noqa: S311 - not secret
    owners_list, total, i = list(owners), 0, 0
    while i < len(owners_list):
        candidate, size = owners_list[i], 1
        while (size < ITEMS_PER_SESSION and i + size < len(owners_list)
               and owners_list[i + size] == candidate):
            size += 1
        seeder.session(candidate, size)
        i, total = i + size, total + size
        if len(seeder.rows["attempt"]) >= BATCH:
            seeder.flush()
    seeder.flush()
    return total


def interleave(candidates: list[int], attempts: int) -> list[int]:
    """Owners in runs of ITEMS_PER_SESSION so that sessions hold several answers."""
    owners: list[int] = []
    turn = 0
    while len(owners) < attempts:
        owners += [candidates[turn % len(candidates)]] * ITEMS_PER_SESSION
        turn += 1
    return owners[:attempts]


def fix_sequences() -> None:
    """PostgreSQL serial columns must move past the explicit ids written above."""
    if db.engine.dialect.name != "postgresql":
        return
    tables = ["users", "practice_sessions", "session_items", "attempts", "scores",
              "criterion_scores", "cohorts", "question_sets", "set_items", "memberships",
              "assignments"]
    present = set(inspect(db.engine).get_table_names())
    for table in (t for t in tables if t in present):
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))


def refresh_statistics() -> None:
    """Bulk loads leave the planner's statistics stale until autovacuum notices; refresh them
    so the first measurements see the plans a live database would use."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))


def run_seed(candidates: int, attempts: int, coaches: int, heavy_attempts: int,
             seed: int = 11) -> dict[str, int]:
    """Seed everything in one transaction; returns what was written."""
    versions = bank_versions()
    if not versions:
        raise click.ClickException("the bank is empty: run `flask bank load` first")
    if db.session.scalar(select(User.id).where(User.email == HEAVY_EMAIL)):
        raise click.ClickException("this database is already seeded")
    cand, coach, heavy = create_users(candidates, coaches)
    heavy_n = min(heavy_attempts, attempts)
    owners = [heavy] * heavy_n + interleave(cand, attempts - heavy_n)
    written = seed_attempts(iter(owners), versions, seed)
    _seed_coaching([heavy, *cand], coach, versions)
    fix_sequences()
    db.session.commit()
    refresh_statistics()
    db.session.commit()
    return {"candidates": len(cand), "coaches": len(coach), "attempts": written,
            "heavy_user_id": heavy}


def _seed_coaching(candidates: list[int], coaches: list[int], versions: list[Version]) -> None:
    """One cohort per coach with its share of candidates, a set, and a cohort assignment."""
    from interview.coaching import models as cm

    now, per = utcnow(), max(1, len(candidates) // max(1, len(coaches)))
    first = (db.session.scalar(select(func.max(cm.Cohort.id))) or 0) + 1
    first_set = (db.session.scalar(select(func.max(cm.QuestionSet.id))) or 0) + 1
    _insert(cm.Cohort, [{"id": first + i, "owner_id": c, "name": f"Cohort {i + 1}",
                                   "created_at": now} for i, c in enumerate(coaches)])
    _insert(cm.QuestionSet, [{"id": first_set + i, "owner_id": c, "note": "",
                                        "title": f"Onsite set {i + 1}", "created_at": now}
                                       for i, c in enumerate(coaches)])
    _insert(cm.SetItem, [
        {"set_id": first_set + i, "position": p, "question_version_id": v.id,
         "time_limit_minutes": v.time_limit}
        for i in range(len(coaches)) for p, v in enumerate(versions[i % 7::37][:5])])
    _insert(cm.Membership, [
        {"cohort_id": first + min(n // per, len(coaches) - 1), "candidate_id": cand,
         "joined_at": now, "left_at": None} for n, cand in enumerate(candidates)])
    _insert(cm.Assignment, [
        {"set_id": first_set + i, "candidate_id": None, "cohort_id": first + i,
         "due_at": now + timedelta(days=7), "created_by": c, "created_at": now}
        for i, c in enumerate(coaches)])


@dev_cli.command("seed")
@click.option("--candidates", default=2000, show_default=True)
@click.option("--attempts", default=200_000, show_default=True)
@click.option("--coaches", default=50, show_default=True)
@click.option("--heavy-attempts", default=1000, show_default=True,
              help=f"Attempts of the one heavy candidate ({HEAVY_EMAIL}).")
@click.option("--seed", "rng_seed", default=11, show_default=True)
def seed_cmd(candidates: int, attempts: int, coaches: int, heavy_attempts: int,
             rng_seed: int) -> None:
    """Write benchmark data into the configured database (load the bank first)."""
    start = utcnow()
    report = run_seed(candidates, attempts, coaches, heavy_attempts, rng_seed)
    seconds = (utcnow() - start).total_seconds()
    click.echo(f"seeded {report['candidates']} candidates, {report['coaches']} coaches, "
               f"{report['attempts']} attempts in {seconds:.1f}s; password {SEED_PASSWORD!r}, "
               f"heavy candidate {HEAVY_EMAIL}")
