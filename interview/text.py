"""Text made safe for where it goes: Markdown to HTML (rendered with markdown-it-py, then
sanitised with nh3), and CSV cells that a spreadsheet will not run as formulas.

Answers and bank content both pass through here; the sanitiser, not the renderer, is what
keeps a candidate's `<script>` from running in a coach's browser.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "blockquote", "h1", "h2",
    "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td", "hr",
}


def render_markdown(text: str | None) -> Markup:
    """Render Markdown and strip anything that is not plain formatting."""
    html = _md.render(text or "")
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}},
                      url_schemes={"http", "https", "mailto"}, link_rel="nofollow noopener")
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above


def spreadsheet_safe(value: object) -> str:
    """CSV cell text a spreadsheet will not run: a leading = + - @ (or tab, CR) would make it
    a formula, so it gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
