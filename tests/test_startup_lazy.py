"""The CLI's lazy groups stand for the real ones, and building the app loads no engine."""

from __future__ import annotations

import subprocess
import sys

import click

from interview.cli import GROUPS, LazyGroup, load


def test_every_lazy_group_loads_and_says_what_the_real_group_says():
    for name, (spec, short_help) in GROUPS.items():
        real = load(spec)
        assert isinstance(real, click.Group)
        assert real.name == name
        assert (real.help or "").strip() == short_help
        assert LazyGroup(name, spec, short_help).list_commands(click.Context(real))


def test_building_the_app_imports_no_heavy_engine():
    code = ("import sys; from interview import create_app; create_app(); "
            "print(' '.join(m for m in ('openai', 'numpy', 'wordllama') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == ""
