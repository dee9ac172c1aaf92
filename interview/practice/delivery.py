"""Delivery insights of a spoken answer: pace, filler words, pauses, "I" against "we", and
length against the question's time box. A pure function of the transcript and its timing."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

FILLERS = ("um", "uh", "erm", "like", "you know", "kind of", "sort of", "basically",
           "actually")
WORD = re.compile(r"[A-Za-z']+")
LONG_PAUSE_SECONDS = 3.0
# A comfortable interview pace; outside it the insight says so.
PACE = (110, 170)

# "like" only counts as a filler where it is not a verb or a comparison: after a pause mark
# or between other words that do not need it ("it was, like, slow").
_LIKE_FILLER = re.compile(r"(^|[,.;:!?]\s*|\b(?:was|is|and|but|so|um|uh)\s+)like\b(?=\s*[,.]|\s)",
                          re.IGNORECASE)


def _count(text: str, phrase: str) -> int:
    if phrase == "like":
        return len(_LIKE_FILLER.findall(text))
    return len(re.findall(rf"\b{re.escape(phrase)}\b", text, re.IGNORECASE))


def delivery_insights(text: str, duration_seconds: float | None,
                      segments: Sequence[dict[str, Any]] | None = None,
                      kind: str = "", time_limit_minutes: int | None = None) -> dict[str, Any]:
    """What an interviewer would notice about how the answer was spoken."""
    words = WORD.findall(text or "")
    n = len(words)
    minutes = (duration_seconds or 0) / 60
    wpm = round(n / minutes) if minutes > 0 else None
    fillers = {f: c for f in FILLERS if (c := _count(text or "", f))}
    filler_total = sum(fillers.values())
    out: dict[str, Any] = {
        "words": n,
        "seconds": round(duration_seconds) if duration_seconds else None,
        "words_per_minute": wpm,
        "pace": None if wpm is None else ("slow" if wpm < PACE[0] else "fast" if wpm > PACE[1]
                                          else "good"),
        "fillers": fillers,
        "filler_total": filler_total,
        "fillers_per_100_words": round(100 * filler_total / n, 1) if n else 0.0,
    }
    gaps: list[float] = []
    if segments:
        ordered = sorted(segments, key=lambda s: float(s.get("start", 0)))
        for prev, nxt in zip(ordered, ordered[1:], strict=False):
            gap = float(nxt.get("start", 0)) - float(prev.get("end", 0))
            if gap >= LONG_PAUSE_SECONDS:
                gaps.append(round(gap, 1))
        out["pauses_from"] = "segments"
    elif duration_seconds and n:
        # No timestamps: compare speaking time at a brisk pace with the recording's length.
        silent = duration_seconds - n / (PACE[1] / 60)
        out["pauses_from"] = "duration"
        out["silent_seconds_estimate"] = round(max(0.0, silent))
    out["long_pauses"] = len(gaps)
    out["longest_pause"] = max(gaps) if gaps else None
    if kind == "behavioral":
        lower = [w.lower() for w in words]
        i_count = sum(w in ("i", "i'm", "i've", "i'd", "me", "my", "myself") for w in lower)
        we_count = sum(w in ("we", "we're", "we've", "we'd", "us", "our", "ours") for w in lower)
        total = i_count + we_count
        out["i_count"], out["we_count"] = i_count, we_count
        out["i_share"] = round(i_count / total, 2) if total else None
    if time_limit_minutes and duration_seconds:
        out["time_box_seconds"] = time_limit_minutes * 60
        out["time_box_share"] = round(duration_seconds / (time_limit_minutes * 60), 2)
    return out


def delivery_notes(d: dict[str, Any]) -> list[str]:
    """The insights as sentences for the result page."""
    notes = []
    if d.get("words_per_minute"):
        pace = {"slow": "slower than a comfortable 110-170", "fast": "faster than a "
                "comfortable 110-170", "good": "a comfortable pace"}[d["pace"]]
        notes.append(f"{d['words_per_minute']} words a minute: {pace}.")
    if d.get("filler_total"):
        listed = ", ".join(f"“{k}” ×{v}" for k, v in d["fillers"].items())
        notes.append(f"{d['filler_total']} filler words ({d['fillers_per_100_words']} per 100 "
                     f"words): {listed}.")
    else:
        notes.append("No filler words heard.")
    if d.get("pauses_from") == "segments":
        notes.append(f"{d['long_pauses']} pause(s) of {LONG_PAUSE_SECONDS:g} s or more"
                     + (f", the longest {d['longest_pause']} s." if d["long_pauses"] else "."))
    elif d.get("pauses_from") == "duration" and d.get("silent_seconds_estimate"):
        notes.append(f"About {d['silent_seconds_estimate']} s of the recording was silence or "
                     "slow speech (estimated from its length; the server gave no timestamps).")
    if d.get("i_share") is not None:
        share = round(100 * d["i_share"])
        advice = (" Interviewers want to hear what you did: say “I” for your part."
                  if share < 40 else "")
        notes.append(f"“I” ×{d['i_count']}, “we” ×{d['we_count']} ({share}% I).{advice}")
    if d.get("time_box_share") is not None:
        used = round(100 * d["time_box_share"])
        notes.append(f"You spoke for {round(d['seconds'] / 60, 1)} of the question's "
                     f"{d['time_box_seconds'] // 60} minutes ({used}%).")
    return notes
