"""Where the bundled files are, and where a command reads and writes by default.

The bundled organisations (the sample plan, the Council's, the starter files ``init``
copies) are kept in the repository's ``input_templates/`` and ship inside the package as
``reporter/bundled/`` (``pyproject.toml`` maps one onto the other), so the commands work
from a clone and from an installed wheel alike.

The rule for where files go (the README's "Where files go"):

- the settings: ``--settings``, else ``settings.toml`` in the current folder when there is
  one (an organisation made by ``init``), else the bundled sample;
- an organisation's folder is the folder of its settings file: its packs and reports go in
  ``output/`` there, its returns in ``returns/`` there, and ``report.history`` is relative
  to it;
- the bundled examples are the exception, since their folder is part of the reporter: from
  a clone they write in the repository (``output/``, ``input_templates/returns/``), as the
  README's commands show; installed, in the current folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

SETTINGS_NAME = "settings.toml"
_SOURCE = Path(__file__).resolve().parent.parent / "input_templates"


def _bundled() -> Path:
    """The installed package's ``bundled`` folder, else (run from a clone, installed
    editable or not at all) the repository's ``input_templates``."""
    installed = resources.files("reporter") / "bundled"
    if isinstance(installed, Path) and installed.is_dir():
        return installed
    return _SOURCE


BUNDLED = _bundled()
SAMPLE_SETTINGS = BUNDLED / SETTINGS_NAME
MAPPINGS = BUNDLED / "mappings"
# What `init` starts a new organisation from: settings and a covering template that name
# no sample organisation.
STARTER = BUNDLED / "new_organisation"


@dataclass(frozen=True)
class Workspace:
    """Where an organisation's commands write by default."""

    root: Path  # output/ is here, and report.history is relative to it
    returns: Path  # `templates` writes a quarter's returns in a folder here

    @property
    def output(self) -> Path:
        return self.root / "output"


def default_settings() -> Path:
    """``settings.toml`` in the current folder when there is one, else the bundled sample."""
    own = Path(SETTINGS_NAME)
    return own if own.is_file() else SAMPLE_SETTINGS


def workspace(settings_path: Path) -> Workspace:
    """The folders an organisation's commands write to (see the module notes)."""
    folder = settings_path.resolve().parent
    if not folder.is_relative_to(BUNDLED.resolve()):
        return Workspace(folder, folder / "returns")
    if BUNDLED == _SOURCE:  # a clone: the places the README's commands show
        return Workspace(_SOURCE.parent, _SOURCE / "returns")
    here = Path.cwd()
    return Workspace(here, here / "returns")
