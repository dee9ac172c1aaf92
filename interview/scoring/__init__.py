"""Scoring of free-text answers: an offline rubric scorer and an LLM judge.

The single entry point for the rest of the app is `service.score_answer`.
"""
