from tests.authz.table import OWN_A, SIGNED_IN

RULES = {
    "practice.start": SIGNED_IN,
    "practice.start_loop": SIGNED_IN,
    "practice.start_pick": SIGNED_IN,
    "practice.preview": SIGNED_IN,
    "practice.history": SIGNED_IN,
    "practice.session": OWN_A,
    "practice.item": OWN_A,
    "practice.save_draft": OWN_A,
    "practice.submit": OWN_A,
    "practice.result": OWN_A,
    "practice.result_status": OWN_A,
    "practice.run_examples": OWN_A,
    "practice.run_status": OWN_A,
    "practice.hint": OWN_A,
    "practice.end_session": OWN_A,
    "practice.set_time_up": SIGNED_IN,
    # Spoken answers: a candidate's recordings are theirs alone.
    "speech.upload": OWN_A,
    "speech.status": OWN_A,
    "speech.audio": OWN_A,
    "speech.delete": OWN_A,
}
