"""marshmallow schemas for the YAML bank. The format is documented in question_bank/README.md."""

from __future__ import annotations

import re
from typing import Any

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    validate,
    validates,
    validates_schema,
)

from interview.levels import LEVELS

KINDS = ("system_design", "coding", "ml_fundamentals", "behavioral", "ask_employer")
ID_PREFIX = {"system_design": "sd-", "coding": "code-", "ml_fundamentals": "mlf-",
             "behavioral": "beh-", "ask_employer": "ask-"}
# Rubric size by kind: a breadth-round question is a short answer with a few points.
RUBRIC_POINTS = {"ml_fundamentals": (2, 5)}
DEFAULT_RUBRIC_POINTS = (3, 8)
FOLLOW_UP_POINTS = (1, 3)
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SLUG = validate.Regexp(SLUG_RE, error="Use lower-case letters, digits and -.")
TEXT = fields.String(required=True, validate=validate.Length(min=1))


def _text(max_len: int = 20_000) -> fields.String:
    return fields.String(required=True, validate=validate.Length(min=1, max=max_len))


class Strict(Schema):
    class Meta:
        unknown = RAISE


class SenioritySchema(Strict):
    """What separates the levels on one point; junior is optional (juniors may not take it)."""

    junior = fields.String(validate=validate.Length(min=1, max=1000))
    mid = fields.String(validate=validate.Length(min=1, max=1000))
    senior = fields.String(validate=validate.Length(min=1, max=1000))
    staff = fields.String(validate=validate.Length(min=1, max=1000))


class RubricPointSchema(Strict):
    id = fields.String(required=True, validate=SLUG)
    point = _text(300)
    weight = fields.Integer(required=True, strict=True, validate=validate.Range(1, 100))
    strong = _text(2000)
    terms = fields.List(fields.String(validate=validate.Length(min=1, max=200)), required=True,
                        validate=validate.Length(min=2, max=20))
    seniority = fields.Nested(SenioritySchema)


class FollowUpSchema(Strict):
    """A follow-up that carries its own rubric, so its answer is scored on what it asks."""

    question = _text(2000)
    rubric = fields.List(fields.Nested(RubricPointSchema), required=True,
                         validate=validate.Length(*FOLLOW_UP_POINTS))

    @validates_schema
    def _weights(self, data: dict, **_: Any) -> None:
        total = sum(p.get("weight", 0) for p in data.get("rubric", []))
        if total != 100:
            raise ValidationError(f"Follow-up rubric weights add up to {total}, not 100.",
                                  "rubric")


class FollowUpField(fields.Field):
    """A follow-up is a plain question, or `{question, rubric}` (see FollowUpSchema)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            if not 1 <= len(value) <= 2000:
                raise ValidationError("A follow-up has 1-2000 characters.")
            return value
        if isinstance(value, dict):
            return FollowUpSchema().load(value)
        raise ValidationError("A follow-up is a question or {question, rubric}.")


def follow_up_text(follow_up: str | dict[str, Any]) -> str:
    """The question a follow-up asks, whichever form the bank wrote it in."""
    return follow_up if isinstance(follow_up, str) else str(follow_up["question"])


def follow_up_rubric(follow_up: str | dict[str, Any]) -> list[dict[str, Any]] | None:
    """The follow-up's own rubric, or None for a plain question."""
    return None if isinstance(follow_up, str) else list(follow_up["rubric"])


SQL_ROWS = fields.List(fields.List(fields.Raw(allow_none=True)))


class ExampleSchema(Strict):
    args = fields.List(fields.Raw(allow_none=True))
    calls = fields.List(fields.List(fields.Raw(allow_none=True)))
    # SQL questions: this test's rows per table (columns in the schema's order).
    data = fields.Dict(keys=fields.String(validate=validate.Regexp(r"^[A-Za-z_][A-Za-z0-9_]*$")),
                       values=SQL_ROWS)
    expected = fields.Raw(required=True, allow_none=True)

    @validates_schema
    def _one_shape(self, data: dict, **_: Any) -> None:
        if "data" in data:
            if "args" in data or "calls" in data:
                raise ValidationError("An SQL test has `data`, not `args` or `calls`.")
            return
        if ("args" in data) == ("calls" in data):
            raise ValidationError("A test has either `args` or `calls`, not both or neither.")


class WrongSolutionSchema(Strict):
    why = _text(500)
    code = _text()


class CodingSchema(Strict):
    entry = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z_][A-Za-z0-9_]*$"))
    style = fields.String(load_default="function", validate=validate.OneOf(["function", "class"]))
    signature = _text(500)
    starter = _text()
    compare = fields.String(load_default="exact",
                            validate=validate.OneOf(["exact", "approx", "unordered"]))
    tolerance = fields.Float(validate=validate.Range(min=0, max=1))
    examples = fields.List(fields.Nested(ExampleSchema), required=True,
                           validate=validate.Length(min=1, max=10))
    tests = fields.List(fields.Nested(ExampleSchema), required=True,
                        validate=validate.Length(min=3, max=100))
    reference = _text()
    # At least three wrong solutions, so the hidden tests are checked against several
    # classes of mistake (ties, numerical extremes, boundaries, edge cases), not just one.
    wrong_solutions = fields.List(fields.Nested(WrongSolutionSchema), required=True,
                                  validate=validate.Length(min=3, max=8))
    # SQL questions: the query runs in SQLite against `schema` (CREATE TABLE statements)
    # filled with each test's `data`; rows compare as a list when `ordered`, else a multiset.
    language = fields.String(load_default="python", validate=validate.OneOf(["python", "sql"]))
    schema = fields.String(validate=validate.Length(min=1, max=20_000))
    ordered = fields.Boolean()

    @validates_schema
    def _sql_shape(self, data: dict, **_: Any) -> None:
        sql = data.get("language") == "sql"
        if sql and "schema" not in data:
            raise ValidationError("An SQL question needs a `schema`.", "schema")
        for name in ("schema", "ordered"):
            if not sql and name in data:
                raise ValidationError(f"`{name}` is for SQL questions only.", name)
        for name in ("examples", "tests"):
            for i, test in enumerate(data.get(name, [])):
                if sql and "data" not in test:
                    raise ValidationError("An SQL question's tests have `data`.", f"{name}.{i}")
                if sql and not (isinstance(test.get("expected"), list) and all(
                        isinstance(row, list) for row in test["expected"])):
                    raise ValidationError("An SQL test expects a list of rows.", f"{name}.{i}")

    @validates_schema
    def _shape_matches_style(self, data: dict, **_: Any) -> None:
        if data.get("language") == "sql":
            return
        key = "calls" if data.get("style") == "class" else "args"
        for name in ("examples", "tests"):
            for i, test in enumerate(data.get(name, [])):
                if key not in test:
                    raise ValidationError(f"A {data.get('style')} question's tests use "
                                          f"`{key}`.", f"{name}.{i}")
        if data.get("compare") == "approx" and "tolerance" not in data:
            raise ValidationError("`approx` comparison needs a `tolerance`.", "tolerance")


class AskEmployerSchema(Strict):
    why = _text(2000)
    probes = fields.String(required=True)
    good_answer = _text(2000)
    red_flags = _text(2000)


class QuestionSchema(Strict):
    id = fields.String(required=True, validate=[SLUG, validate.Length(max=80)])
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    title = _text(120)
    levels = fields.List(fields.String(validate=validate.OneOf(LEVELS)), required=True,
                         validate=validate.Length(min=1, max=4))
    topics = fields.List(fields.String(), required=True, validate=validate.Length(min=1, max=6))
    time_limit_minutes = fields.Integer(required=True, strict=True,
                                        validate=validate.Range(1, 120))
    prompt = _text()
    rubric = fields.List(fields.Nested(RubricPointSchema), required=True,
                         validate=validate.Length(min=2, max=8))
    hints = fields.List(fields.String(validate=validate.Length(min=1, max=2000)), required=True,
                        validate=validate.Length(min=1, max=5))
    follow_ups = fields.List(FollowUpField(), required=True, validate=validate.Length(min=1, max=6))
    model_answer = _text()
    coding = fields.Nested(CodingSchema)
    ask_employer = fields.Nested(AskEmployerSchema)

    @validates("levels")
    def _unique_levels(self, value: list[str], **_: Any) -> None:
        if len(set(value)) != len(value):
            raise ValidationError("Levels are listed twice.")

    @validates_schema
    def _kind_rules(self, data: dict, **_: Any) -> None:
        kind = data.get("kind")
        if kind and not data.get("id", "").startswith(ID_PREFIX[kind]):
            raise ValidationError(f"A {kind} id starts with {ID_PREFIX[kind]!r}.", "id")
        for block in ("coding", "ask_employer"):
            if (kind == block) != (block in data):
                need = "needs" if kind == block else "must not have"
                raise ValidationError(f"A {kind} question {need} a `{block}` block.", block)
        self._rubric_rules(data)

    def _rubric_rules(self, data: dict) -> None:
        rubric = data.get("rubric") or []
        total = sum(p.get("weight", 0) for p in rubric)
        if rubric and total != 100:
            raise ValidationError(f"Rubric weights add up to {total}, not 100.", "rubric")
        low, high = RUBRIC_POINTS.get(data.get("kind", ""), DEFAULT_RUBRIC_POINTS)
        if rubric and not low <= len(rubric) <= high:
            raise ValidationError(f"A {data.get('kind')} rubric has {low}-{high} points.",
                                  "rubric")
        follow_ups = data.get("follow_ups") or []
        if data.get("kind") != "ml_fundamentals" and len(follow_ups) < 2:
            raise ValidationError("List at least 2 follow-ups.", "follow_ups")
        ids = [p.get("id") for p in rubric]
        if len(set(ids)) != len(ids):
            raise ValidationError("Rubric point ids repeat.", "rubric")
        for i, point in enumerate(rubric):
            missing = [lv for lv in anchor_levels(data) if lv not in point.get("seniority", {})]
            if missing:
                raise ValidationError("Say what separates the levels on this point "
                                      f"(`seniority` lacks {', '.join(missing)}).",
                                      f"rubric.{i}.seniority")


# Kinds whose rubric points must carry level anchors for every level the question spans.
ANCHORED_KINDS = ("system_design", "ml_fundamentals", "behavioral", "ask_employer", "coding")


def anchor_levels(question: dict[str, Any]) -> list[str]:
    """The levels each rubric point must describe: system design always mid to staff (plus
    junior where juniors take it); other anchored kinds every level when they span several."""
    levels = list(question.get("levels") or [])
    kind = question.get("kind")
    if kind == "system_design":
        return [lv for lv in LEVELS if lv in levels or lv in ("mid", "senior", "staff")]
    if kind in ANCHORED_KINDS and len(levels) > 1:
        return [lv for lv in LEVELS if lv in levels]
    return []


class TopicSchema(Strict):
    id = fields.String(required=True, validate=SLUG)
    name = _text(120)
    source = fields.String(required=True,
                           validate=validate.OneOf(["skill", "gap", "both", "interview",
                                                    "employer"]))


class TopicsFileSchema(Strict):
    topics = fields.List(fields.Nested(TopicSchema), required=True,
                         validate=validate.Length(min=1))

KIND_LABELS = {"system_design": "System design", "coding": "Coding",
               "ml_fundamentals": "ML fundamentals", "behavioral": "Behavioral",
               "ask_employer": "Ask the employer"}
