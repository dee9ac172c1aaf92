"""The JSON API: a bearer token only (the matrix sends each person's token and cookie; the
cookie is ignored). No token is 401; otherwise the same rules as the matching pages."""

from tests.authz.table import PUBLIC, row

TOKEN = row("401", "ok", "ok", "ok", "ok", "ok")
# A's practice data: only A, as on the practice pages (admins included get 404).
OWN_A = row("401", "ok", "404", "404", "404", "404")
COACHES = row("401", "403", "403", "ok", "ok", "ok")
COACH_A_OBJECT = row("401", "403", "403", "ok", "404", "ok")
A_AS_MEMBER = row("401", "ok", "404", "404", "404", "404")

RULES = {
    "api-docs.openapi_json": PUBLIC,
    "api.docs": PUBLIC,
    "api_questions.list_questions": TOKEN,
    "api_questions.get_question": TOKEN,
    "api_practice.start_session": TOKEN,
    "api_practice.list_sessions": TOKEN,
    "api_practice.get_session": OWN_A,
    "api_practice.get_item": OWN_A,
    "api_practice.save_draft": OWN_A,
    "api_practice.submit": OWN_A,
    "api_practice.get_attempt": OWN_A,
    "api_practice.attempt_status": OWN_A,
    "api_progress.history": TOKEN,
    "api_progress.get_progress": TOKEN,
    "api_resumes.list_roles": TOKEN,
    "api_resumes.build": TOKEN,
    "api_resumes.report": TOKEN,
    "api_coaching.list_sets": COACHES,
    "api_coaching.create_set": COACHES,
    "api_coaching.get_set": COACH_A_OBJECT,
    "api_coaching.add_to_set": COACH_A_OBJECT,
    "api_coaching.list_assignments": COACH_A_OBJECT,
    "api_coaching.assign": COACH_A_OBJECT,
    "api_coaching.list_cohorts": COACHES,
    "api_coaching.create_cohort": COACHES,
    "api_coaching.get_cohort": COACH_A_OBJECT,
    "api_coaching.create_invite": COACH_A_OBJECT,
    "api_coaching.candidate_attempts": COACH_A_OBJECT,
    "api_coaching.review_attempt": COACH_A_OBJECT,
    "api_coaching.override": COACH_A_OBJECT,
    "api_coaching.comment": COACH_A_OBJECT,
    "api_coaching.my_assignments": TOKEN,
    "api_coaching.start_assignment": A_AS_MEMBER,
}
