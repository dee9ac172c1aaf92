"""Import every model so that Alembic and `db.create_all` (tests only) see all tables."""

from interview.accounts.models import LoginSession, User  # noqa: F401
from interview.accounts.tokens import ApiToken  # noqa: F401
from interview.bank.models import (  # noqa: F401
    Question,
    QuestionLevel,
    QuestionTopic,
    QuestionVersion,
    Topic,
)
from interview.coaching.models import (  # noqa: F401
    Assignment,
    Cohort,
    Comment,
    Invite,
    Membership,
    Override,
    QuestionSet,
    SetItem,
)
from interview.practice.models import (  # noqa: F401  # noqa: F401
    Attempt,
    CodeRun,  # noqa: F401
    CriterionScore,
    Draft,
    PracticeSession,
    Score,
    SessionItem,
)
from interview.practice.speech import Recording  # noqa: F401
from interview.resume.models import ResumeProfile, ResumeUpload  # noqa: F401
