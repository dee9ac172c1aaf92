"""Mermaid flowcharts in an answer, read as plain sentences for the offline scorer.

A candidate may draw a system design as a Mermaid flowchart in a ```mermaid fence inside the
Markdown answer. The offline scorer reads English, not arrows, so `diagram_sentences` turns
each edge into a sentence ("The client sends requests to the API.") and each node without an
edge into "The design includes the feature store."; `answer_for_scoring` swaps the fenced
blocks for those sentences, appended after the prose. Pure functions: text in, text out.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})[ \t]*mermaid[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
                   re.MULTILINE | re.DOTALL | re.IGNORECASE)
HEADER = re.compile(r"^\s*(flowchart|graph)\b(\s+(TB|TD|BT|RL|LR))?\s*$", re.IGNORECASE)
SKIP = re.compile(r"^\s*(end|direction\s+\w+|classDef\b|class\b|style\b|linkStyle\b|click\b|"
                  r"%%|accTitle\b|accDescr\b)", re.IGNORECASE)
SUBGRAPH = re.compile(r"^\s*subgraph\s+(?P<rest>.+)$", re.IGNORECASE)

# Node shapes, longest openers first: id[(db)], id([stadium]), id[[sub]], id((circle)),
# id{{hex}}, id[/para/], id[\para\], id>flag], id[rect], id(round), id{rhombus}.
SHAPES = (("[(", ")]"), ("([", "])"), ("[[", "]]"), ("(((", ")))"), ("((", "))"),
          ("{{", "}}"), ("[/", "/]"), ("[\\", "\\]"), ("[/", "\\]"), ("[\\", "/]"),
          (">", "]"), ("[", "]"), ("(", ")"), ("{", "}"))
NODE_ID = re.compile(r"[A-Za-z0-9_][\w.\-]*")
# An edge between two nodes: arrows, open links, dotted and thick ones, with an optional
# text in the middle (A -- text --> B, A -. text .-> B) or after (A -->|text| B).
EDGE = re.compile(
    r"\s*(?P<head><)?(?P<arrow>"
    r"--\s+(?P<t1>[^|>\-][^>]*?)\s+-->|==\s+(?P<t2>[^|>=][^>]*?)\s+==>|-\.\s*(?P<t3>[^>]+?)\s*\.->|"
    r"-{2,}>|={2,}>|-\.+->|-{3,}|={3,}|-\.+-|--[ox]|==[ox]|-\.-[ox]|~~~)"
    r"(?:\s*\|(?P<t4>[^|]*)\|)?\s*")
SEPARATOR = re.compile(r"\s*&\s*")

VERBS = frozenset("""reads writes calls queries publishes consumes serves trains loads stores logs
pushes pulls sends updates fetches returns triggers emits streams monitors scores ranks caches
retrieves subscribes polls scrapes exports ingests feeds joins computes builds deploys uses
notifies alerts routes forwards replicates embeds indexes labels samples aggregates checks
validates registers promotes reports uploads downloads syncs enqueues dequeues invokes hits
read write call query publish consume serve train load store log push pull send update fetch
return trigger emit stream monitor score rank cache retrieve subscribe poll scrape export
ingest feed join compute build deploy use notify alert route forward replicate""".split())
PREPOSITIONS = ("to", "via", "for", "on", "into", "from", "with", "through", "over", "by")
ARTICLE = re.compile(r"^(the|a|an|each|every|all|many|one|two|three|\d)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str
    dotted: bool
    directed: bool
    both: bool


@dataclass
class Flowchart:
    labels: dict[str, str]
    edges: list[Edge]
    groups: list[tuple[str, list[str]]]


def mermaid_blocks(answer: str) -> list[str]:
    """The sources of the ```mermaid fences in a Markdown answer, in order."""
    return [m.group("body") for m in FENCE.finditer(answer or "")]


def strip_blocks(answer: str) -> str:
    """The answer without its mermaid fences."""
    return FENCE.sub("", answer or "")


def _clean_label(raw: str) -> str:
    text = raw.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'`":
        text = text[1:-1]
    text = re.sub(r"#(\w+);", lambda m: html.unescape(f"&{m.group(1)};") if not
                  m.group(1).isdigit() else chr(int(m.group(1))), text)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.IGNORECASE)
    text = re.sub(r"<[^>]{0,200}>", " ", text)
    text = re.sub(r"[*_`\"]+", "", text)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def _node(text: str, pos: int) -> tuple[str, str | None, int] | None:
    """Parse `id` or `id<shape>label<close>` at pos: (id, label or None, end)."""
    m = NODE_ID.match(text, pos)
    if not m:
        return None
    node_id, end = m.group(0), m.end()
    # "A---B" must not read "A---B" as one id: an id ends before a run of link characters.
    for link in ("---", "--", "==", "-.", "~~"):
        cut = node_id.find(link)
        if cut > 0:
            node_id, end = node_id[:cut], pos + cut
            break
    for opener, closer in SHAPES:
        if text.startswith(opener, end):
            start = end + len(opener)
            close = text.find(closer, start)
            if close < 0:
                return node_id, None, end
            return node_id, _clean_label(text[start:close]), close + len(closer)
    # A trailing :::class is styling only.
    style = re.match(r":::[\w\-]+", text[end:])
    return node_id, None, end + (style.end() if style else 0)


def _nodes(text: str, pos: int, chart: Flowchart) -> tuple[list[str], int] | None:
    """One or more nodes joined by &, starting at pos."""
    ids: list[str] = []
    while True:
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        parsed = _node(text, pos)
        if parsed is None:
            return (ids, pos) if ids else None
        node_id, label, pos = parsed
        if label:
            chart.labels[node_id] = label
        else:
            chart.labels.setdefault(node_id, node_id)
        ids.append(node_id)
        amp = SEPARATOR.match(text, pos)
        if not amp or amp.end() == pos:
            return ids, pos
        pos = amp.end()


def _statement(text: str, chart: Flowchart, group: list[str] | None) -> None:
    first = _nodes(text, 0, chart)
    if first is None:
        return
    left, pos = first
    if group is not None:
        group.extend(left)
    while pos < len(text):
        m = EDGE.match(text, pos)
        if not m or m.end() == pos:
            return
        nxt = _nodes(text, m.end(), chart)
        if nxt is None:
            return
        right, pos = nxt
        if group is not None:
            group.extend(right)
        arrow = m.group("arrow")
        label = _clean_label(next((t for t in m.group("t1", "t2", "t3", "t4") if t), ""))
        directed = arrow.endswith(">") or (arrow[-1] in "ox" and arrow[-2] in "-=")
        for a in left:
            for b in right:
                chart.edges.append(Edge(a, b, label, dotted="." in arrow, directed=directed,
                                        both=bool(m.group("head")) and directed))
        left = right


def _split_statements(line: str) -> list[str]:
    """A line cut at semicolons outside labels, quotes and entities like #quot;."""
    parts, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "[({":
            depth += 1
        elif not quoted and ch in "])}":
            depth = max(0, depth - 1)
        elif ch == ";" and not quoted and depth == 0 and not re.search(r"#\w+$", line[:i]):
            parts.append(line[start:i])
            start = i + 1
    parts.append(line[start:])
    return parts


def parse_flowchart(source: str) -> Flowchart | None:
    """Nodes, edges and subgraphs of a flowchart; None for another kind of diagram."""
    chart = Flowchart(labels={}, edges=[], groups=[])
    lines = [s for line in source.splitlines() for s in _split_statements(line)]
    started = False
    stack: list[list[str]] = []
    for line in lines:
        if not line.strip() or line.strip().startswith("%%"):
            continue
        if not started:
            if not HEADER.match(line):
                return None
            started = True
            continue
        sub = SUBGRAPH.match(line)
        if sub:
            rest = sub.group("rest").strip()
            title = re.match(r"[\w\-]+\s*\[(.*)\]\s*$", rest)
            members: list[str] = []
            chart.groups.append((_clean_label(title.group(1) if title else rest), members))
            stack.append(members)
            continue
        if re.match(r"^\s*end\s*$", line, re.IGNORECASE):
            if stack:
                stack.pop()
            continue
        if SKIP.match(line):
            continue
        _statement(line.strip(), chart, stack[-1] if stack else None)
    return chart if started else None


def _noun(label: str) -> str:
    """A label as a noun phrase: "the feature store", "the API", "Kafka topics"."""
    words = label.split()
    if not words:
        return label
    first = words[0]
    if not (first.isupper() or any(c.isupper() for c in first[1:]) or any(c.isdigit()
                                                                          for c in first)):
        words[0] = first.lower()
    phrase = " ".join(words)
    return phrase if ARTICLE.match(phrase) else "the " + phrase


def _sentence(text: str) -> str:
    text = text.strip()
    return text[0].upper() + text[1:] + ("" if text.endswith((".", "?", "!")) else ".")


def _verb_phrase(label: str) -> bool:
    """Does an edge's text read as a verb ("reads from", "via HTTP") or a noun ("features")?"""
    words = label.lower().split()
    return bool(words) and (words[0] in VERBS or words[0] in PREPOSITIONS
                            or len(words) > 1 and words[-1] in PREPOSITIONS)


def _edge_sentence(edge: Edge, labels: dict[str, str]) -> str:
    a, b = _noun(labels[edge.source]), _noun(labels[edge.target])
    how = " asynchronously" if edge.dotted else ""
    label = edge.label
    if edge.both:
        body = f"{a} and {b} exchange {label or 'data'}{how}"
    elif not edge.directed:
        body = f"{a} is connected to {b}" + (f" ({label})" if label else "")
    elif not label:
        body = f"{a} sends data to {b}{how}"
    elif _verb_phrase(label):
        low = label[0].lower() + label[1:] if not label.split()[0].isupper() else label
        words = low.split()
        if words[0] in PREPOSITIONS:
            body = f"{a} sends data to {b} {low}{how}"
        elif len(words) > 1 and words[-1] not in PREPOSITIONS:
            body = f"{a} {low} to {b}{how}"
        else:
            body = f"{a} {low} {b}{how}"
    else:
        low = label[0].lower() + label[1:] if not label.split()[0].isupper() else label
        body = f"{a} sends {low} to {b}{how}"
    return _sentence(body)


def diagram_sentences(source: str) -> list[str]:
    """Plain sentences saying what a Mermaid flowchart shows ([] for other diagrams)."""
    chart = parse_flowchart(source)
    if chart is None:
        return []
    out: list[str] = []
    seen: set[str] = set()
    for edge in chart.edges:
        sentence = _edge_sentence(edge, chart.labels)
        if sentence not in seen:
            seen.add(sentence)
            out.append(sentence)
    linked = {e.source for e in chart.edges} | {e.target for e in chart.edges}
    for node_id, label in chart.labels.items():
        if node_id not in linked:
            out.append(_sentence(f"The design includes {_noun(label)}"))
    for title, members in chart.groups:
        names = list(dict.fromkeys(_noun(chart.labels[m]) for m in members if m in chart.labels))
        if title and names:
            joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            out.append(_sentence(f"The {title.lower()} part holds {joined}"))
    return out


def answer_for_scoring(answer: str) -> str:
    """The answer with its mermaid fences replaced by sentences appended after the prose.

    The fences' arrows and brackets are not English and would only confuse a reader of
    words; what they say (components and flows) comes back as sentences. Unchanged when the
    answer has no flowchart.
    """
    blocks = mermaid_blocks(answer)
    if not blocks:
        return answer
    sentences = [s for block in blocks for s in diagram_sentences(block)]
    prose = strip_blocks(answer).rstrip()
    if not sentences:
        return prose
    return (prose + "\n\n" if prose else "") + " ".join(sentences)
