"""The scoring engine: an offline rubric scorer, an LLM judge and a follow-up writer.

The app calls `service.score_answer` and `followup.write_follow_up` with plain data and
settings; nothing here imports Flask, the database or another part of the app.
"""
