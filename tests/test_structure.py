"""The layout's promises, read from the code's own imports.

Engines (scoring, sandbox) take plain data: they import no Flask, no database and no
capability; capabilities import each other one way only; `interview/api/` is plumbing.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "interview"
ENGINES = ("scoring", "sandbox")
CAPABILITIES = ("accounts", "bank", "practice", "coaching", "resume")
APP_LIBRARIES = ("flask", "flask_sqlalchemy", "flask_login", "flask_wtf", "flask_smorest",
                 "sqlalchemy", "huey", "werkzeug")


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside functions (relative ones resolved)."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            found.add(".".join(p for p in (base, node.module or "") if p))
    return found


@pytest.mark.parametrize("engine", ENGINES)
def test_engines_import_nothing_of_the_app(engine: str) -> None:
    for path in sorted((PACKAGE / engine).rglob("*.py")):
        for module in imported_modules(path):
            root = module.split(".")[0]
            assert root not in APP_LIBRARIES, f"{path.name} imports {module}"
            if root == "interview":
                assert module.startswith(f"interview.{engine}"), f"{path.name} imports {module}"


def capability_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {cap: set() for cap in CAPABILITIES}
    for cap in CAPABILITIES:
        for path in (PACKAGE / cap).rglob("*.py"):
            for module in imported_modules(path):
                parts = module.split(".")
                if len(parts) > 1 and parts[0] == "interview" and parts[1] in graph:
                    if parts[1] != cap:
                        graph[cap].add(parts[1])
    return graph


def test_capabilities_import_each_other_one_way_only() -> None:
    graph = capability_graph()
    for cap, uses in graph.items():
        for other in uses:
            assert cap not in graph[other], f"{cap} and {other} import each other"


def test_api_folder_holds_only_the_shared_plumbing() -> None:
    modules = {p.name for p in (PACKAGE / "api").glob("*.py")}
    assert modules <= {"__init__.py", "core.py", "schemas.py", "views.py"}


def test_no_template_include_may_silently_go_missing() -> None:
    for path in PACKAGE.rglob("*.html"):
        assert "ignore missing" not in path.read_text(encoding="utf-8"), path
