"""Resume pages act on the signed-in user's own details only (no ids in URLs), so every
signed-in role may open them and nobody can reach anyone else's details."""

from tests.authz.table import OWN_A, SIGNED_IN

RULES = {
    "resume.index": SIGNED_IN,
    "resume.build": SIGNED_IN,
    "resume.check": SIGNED_IN,
    "resume.details": SIGNED_IN,
    "resume.download": SIGNED_IN,
    "resume.import_resume": SIGNED_IN,
    # An upload waiting for (or read by) the worker: its owner only; anyone else gets 404.
    "resume.upload": OWN_A,
    "resume.upload_status": OWN_A,
}
