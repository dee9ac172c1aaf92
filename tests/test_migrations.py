"""`flask db upgrade` builds exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import UniqueConstraint, inspect, text

from interview import create_app
from interview.config import TestingConfig
from interview.extensions import db
from tests.conftest import database_url


@pytest.mark.db
def test_upgrade_builds_the_models_schema(tmp_path):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url(tmp_path))
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diffs = compare_metadata(context, db.metadata)
        tables = set(inspect(db.engine).get_table_names())
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.engine.dispose()
    assert {"users", "questions", "question_versions"} <= tables
    assert diffs == [], f"models and migrations differ: {diffs}"


def test_foreign_keys_and_filter_columns_are_indexed():
    """Every foreign key column is the leading column of some index or primary key."""
    for table in db.metadata.tables.values():
        leading = {idx.columns.values()[0].name for idx in table.indexes}
        leading.add(next(iter(table.primary_key.columns)).name)
        leading |= {next(iter(c.columns)).name for c in table.constraints
                    if isinstance(c, UniqueConstraint)}  # backed by an index
        for fk in table.foreign_keys:
            assert fk.parent.name in leading, f"{table.name}.{fk.parent.name} has no index"
