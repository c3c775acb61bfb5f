"""One demo office per test session (built once, for a fixed day), copied fresh for each journey."""

from __future__ import annotations

import pytest

from services.cli.demo import REFERENCE_DAY
from tests.journeys.driver import build_template, fresh_copy


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("journeys") / "template.db", REFERENCE_DAY)


@pytest.fixture
def demo_db(demo_template, tmp_path):
    return fresh_copy(demo_template, tmp_path / "office")
