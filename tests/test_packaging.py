"""The package carries everything the commands need: a wheel built from the repository holds
the bundled files (input_templates/, shipped as reporter/bundled/) and runs ``init``,
``plan``, ``templates`` and ``run`` in an empty folder, away from any clone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "input_templates"
BUNDLED_SUFFIXES = (".toml", ".xlsx", ".docx")


def _bundled_files() -> list[str]:
    """The files the wheel must carry, relative to input_templates/ (the returns that
    ``templates`` writes there from a clone are output, not part of the product)."""
    return sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*")
                  if p.suffix in BUNDLED_SUFFIXES and "returns" not in p.relative_to(
                      TEMPLATES).parts)


def test_pyproject_names_every_package_and_bundled_folder():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    code = {".".join(p.parent.relative_to(ROOT).parts)
            for p in (ROOT / "reporter").rglob("__init__.py")}
    folders = {f"reporter.bundled.{Path(f).parent.as_posix().replace('/', '.')}"
               for f in _bundled_files() if "/" in f}
    assert set(setuptools["packages"]) == code | {"reporter.bundled"} | folders
    assert setuptools["package-dir"] == {"reporter.bundled": "input_templates"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built offline with the installed setuptools from a copy of the sources
    (a build leaves build/ and *.egg-info behind, not to be left in the clone)."""
    if int(version("setuptools").split(".")[0]) < 77:
        message = "building the wheel needs setuptools 77 or newer (pip install -e '.[test]')"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "reporter", source / "reporter",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(TEMPLATES, source / "input_templates",
                    ignore=shutil.ignore_patterns("returns"))
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps",
                    "--no-build-isolation", "--no-index", "-q", "-w", str(dist)],
                   cwd=source, check=True, capture_output=True, timeout=300)
    (built,) = dist.glob("*.whl")
    return built


def test_the_wheel_holds_every_bundled_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [f for f in _bundled_files() if f"reporter/bundled/{f}" not in names]
    assert not missing
    assert "reporter/places.py" in names and "reporter/cli.py" in names


# Run in a fresh interpreter whose `reporter` is the unpacked wheel's, in an empty folder.
_OUTSIDE = """
import sys
from pathlib import Path

import reporter
from reporter.cli import main
from reporter.places import BUNDLED

site = Path(sys.argv[1]).resolve()
assert Path(reporter.__file__).resolve().is_relative_to(site), reporter.__file__
assert BUNDLED.resolve() == site / "reporter" / "bundled", BUNDLED

assert main(["plan"]) == 0  # no settings.toml here: the bundled sample
assert main(["templates", "2009/10-Q3"]) == 0
assert len(list(Path("returns/2009-10-Q3").glob("*.xlsx"))) == 5

assert main(["init", "org", "--organisation", "Wheel Test Council", "--year", "2025/26",
             "--year-starts", "July"]) == 0
import os
os.chdir("org")
assert main(["plan"]) == 0
assert main(["templates", "2025/26-Q1"]) == 0
# The blank return has errors (no status), so the draft pack is written and the exit is 1.
assert main(["run", "2025/26-Q1", "--returns", "returns/2025-26-Q1", "--web", "--quiet"]) == 1
assert Path("output/2025-26-Q1/progress_report.docx").is_file()
# the web edition's templates and stylesheets come from the wheel too
assert "DRAFT" in Path("output/2025-26-Q1/web/index.html").read_text(encoding="utf-8")
assert Path("output/2025-26-Q1/web/static/govuk-frontend.min.css").stat().st_size > 100_000
assert Path("output/history.sqlite").is_file()
print("outside the clone: ok")
"""


def test_the_wheel_runs_init_templates_and_run_in_an_empty_folder(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)  # what installing a pure-Python wheel does
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run([sys.executable, "-c", _OUTSIDE, str(site)], cwd=empty, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "outside the clone: ok" in result.stdout
    assert sorted(p.name for p in empty.iterdir()) == ["org", "returns"]
