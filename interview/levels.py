"""The career levels every part of the app speaks of, in ladder order."""

LEVELS = ("junior", "mid", "senior", "staff")
LEVEL_ORDER = {level: rank for rank, level in enumerate(LEVELS)}
