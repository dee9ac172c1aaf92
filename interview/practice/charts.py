"""Server-rendered SVG charts: no script, no CDN, and nothing the CSP has to allow."""

from __future__ import annotations

from markupsafe import Markup, escape

from interview.practice.progress import Point

W, H, PAD = 560, 200, 32
COLOURS = {"system_design": "#1d4ed8", "coding": "#4d7c0f", "behavioral": "#be185d",
           "ml_fundamentals": "#7c3aed", "ask_employer": "#c2410c"}


def _x(i: int, n: int) -> float:
    return PAD + (W - 2 * PAD) * (i / max(n - 1, 1))


def _y(v: float) -> float:
    return H - PAD - (H - 2 * PAD) * v


def trend_svg(kind: str, points: list[Point], per_answer: bool = False) -> Markup:
    """Weekly mean as a line, the week's lowest-to-highest scores as a shaded band; with
    `per_answer`, one dot per answer (no band: each point is a single score)."""
    colour = COLOURS.get(kind, "#334155")
    n = len(points)
    band = [f"{_x(i, n):.1f},{_y(p.high):.1f}" for i, p in enumerate(points)]
    band += [f"{_x(i, n):.1f},{_y(p.low):.1f}" for i, p in reversed(list(enumerate(points)))]
    line = " ".join(f"{_x(i, n):.1f},{_y(p.mean):.1f}" for i, p in enumerate(points))
    dots = "".join(
        f'<circle cx="{_x(i, n):.1f}" cy="{_y(p.mean):.1f}" r="3.5" fill="{colour}">'
        f"<title>{_tip(p, per_answer)}</title></circle>" for i, p in enumerate(points))
    grid = "".join(
        f'<line x1="{PAD}" x2="{W - PAD}" y1="{_y(v):.1f}" y2="{_y(v):.1f}" stroke="#e5e7eb"/>'
        f'<text x="4" y="{_y(v) + 4:.1f}" font-size="10" fill="#6b7280">{v:.0%}</text>'
        for v in (0, 0.5, 1))
    labels = "".join(
        f'<text x="{_x(i, n):.1f}" y="{H - 8}" font-size="10" text-anchor="middle" '
        f'fill="#6b7280">{p.week:%d %b}</text>' for i, p in enumerate(points)
        if n <= 8 or i % max(n // 6, 1) == 0)
    title = escape(kind.replace("_", " "))
    by = "by answer" if per_answer else "by week"
    shade = "" if per_answer else (f'<polygon points="{" ".join(band)}" fill="{colour}" '
                                   f'fill-opacity="0.15"/>')
    svg = (f'<svg class="chart{" per-answer" if per_answer else ""}" viewBox="0 0 {W} {H}" '
           f'role="img" aria-label="{title} scores {by}">{grid}{shade}<polyline '
           f'points="{line}" fill="none" stroke="{colour}" stroke-width="2.5"/>{dots}'
           f'{labels}</svg>')
    return Markup(svg)  # noqa: S704 - built from numbers and an escaped title only


def _tip(p: Point, per_answer: bool) -> str:
    if per_answer:
        return f"answer of {p.week:%d %b %H:%M}: {p.mean:.0%}"
    return (f"week of {p.week:%d %b}: mean {p.mean:.0%}, range {p.low:.0%}-{p.high:.0%}, "
            f"{p.n} answer(s)")
