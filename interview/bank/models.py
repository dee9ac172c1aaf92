"""Questions and their versions. Attempts point at a version, so edits never rewrite history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interview.clock import utcnow
from interview.extensions import Model
from interview.levels import LEVEL_ORDER


class Topic(Model):
    __tablename__ = "topics"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    source: Mapped[str] = mapped_column(String(20))


class Question(Model):
    __tablename__ = "questions"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(120))
    retired: Mapped[bool] = mapped_column(default=False, index=True)
    time_limit_minutes: Mapped[int] = mapped_column(default=30)
    search_text: Mapped[str] = mapped_column(Text, default="")
    # A pointer the loader maintains, not a foreign key: a key here would make the two
    # tables depend on each other and complicate migrations on both databases.
    current_version_id: Mapped[int | None] = mapped_column(index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    current_version: Mapped[QuestionVersion | None] = relationship(
        primaryjoin="foreign(Question.current_version_id) == QuestionVersion.id")
    levels: Mapped[list[QuestionLevel]] = relationship(cascade="all, delete-orphan",
                                                       lazy="selectin")
    topics: Mapped[list[QuestionTopic]] = relationship(cascade="all, delete-orphan",
                                                       lazy="selectin")

    @property
    def body(self) -> dict[str, Any]:
        return self.current_version.body if self.current_version else {}

    @property
    def level_names(self) -> list[str]:
        return sorted((lv.level for lv in self.levels),
                      key=lambda level: LEVEL_ORDER.get(level, len(LEVEL_ORDER)))

    @property
    def topic_ids(self) -> list[str]:
        return [t.topic_id for t in self.topics]


class QuestionVersion(Model):
    __tablename__ = "question_versions"
    __table_args__ = (UniqueConstraint("question_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"), index=True)
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    question: Mapped[Question] = relationship(foreign_keys=[question_id])


class QuestionLevel(Model):
    """One row per (question, level): filtering by level is an indexed join."""

    __tablename__ = "question_levels"
    __table_args__ = (Index("ix_question_levels_level_question", "level", "question_id"),)

    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"), primary_key=True)
    level: Mapped[str] = mapped_column(String(10), primary_key=True)


class QuestionTopic(Model):
    __tablename__ = "question_topics"
    __table_args__ = (Index("ix_question_topics_topic_question", "topic_id", "question_id"),)

    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"), primary_key=True)
    topic_id: Mapped[str] = mapped_column(ForeignKey("topics.id"), primary_key=True)


class Bookmark(Model):
    """A question a user saved for later."""

    __tablename__ = "bookmarks"
    __table_args__ = (Index("ix_bookmarks_question", "question_id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
