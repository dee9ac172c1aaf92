"""Import every model so that Alembic and `db.create_all` (tests only) see all tables."""

from interview.accounts.models import User  # noqa: F401
from interview.bank.models import (  # noqa: F401
    Question,
    QuestionLevel,
    QuestionTopic,
    QuestionVersion,
    Topic,
)
