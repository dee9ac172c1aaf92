from __future__ import annotations

import pytest

from tests.coaching.world import World, build_world


@pytest.fixture
def world(app, bank) -> World:
    return build_world()
