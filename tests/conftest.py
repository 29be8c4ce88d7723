"""Shared test set-up: the test helpers import as plain modules, and the sample plan."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:  # so tests can `from fill import fill_return` in any import mode
    sys.path.insert(0, str(TESTS))

REPO_ROOT = TESTS.parent


@pytest.fixture(scope="session")
def sample_plan():
    """The committed sample plan register, loaded once."""
    from reporter.config.plan import load_plan

    return load_plan(REPO_ROOT / "input_templates" / "improvement_plan.xlsx")


@pytest.fixture(scope="session")
def sample_settings():
    """The committed settings."""
    from reporter.config.settings import load_settings

    return load_settings()


def write_settings(folder: Path, text: str) -> Path:
    """Write a settings file into ``folder`` beside copies of the files it names."""
    import shutil

    templates = REPO_ROOT / "input_templates"
    for name in ("improvement_plan.xlsx", "reference.docx", "covering_report.docx",
                 "covering_report_council.docx"):
        shutil.copy(templates / name, folder / name)
    path = folder / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


REALDATA = REPO_ROOT.parent / "shared" / "realdata"


def realdata(*parts: str) -> Path:
    """A real data file from ../shared/realdata: skipped when the folder is absent here,
    but a failure in CI, where it must be present."""
    import os

    path = REALDATA.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the real data file {path} is missing in CI")
        pytest.skip(f"real data not available here: {path} (../shared/realdata is absent)")
    return path
