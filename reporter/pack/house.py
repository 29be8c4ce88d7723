"""The Word templates' names and the house style's names the writers rely on."""

from __future__ import annotations

from reporter.places import BUNDLED

INPUT_TEMPLATES = BUNDLED  # the bundled Word templates: reporter.places says where they are
REFERENCE_NAME = "reference.docx"
BOARD_TEMPLATE_NAME = "covering_report.docx"
COUNCIL_TEMPLATE_NAME = "covering_report_council.docx"
# The Council example's own covering report (to its Corporate Improvement Board, on its
# own plan), in the Council example's folder beside its settings.
COUNCIL_FOLDER = "council"
COUNCIL_PLAN_TEMPLATE_NAME = BOARD_TEMPLATE_NAME

FONT = "Calibri"  # Carlito, metric-compatible, stands in for it where Calibri is absent
INK = "1F1F1F"
NAVY = "1F3864"  # table header rows
RULE = "8C8C8C"  # table rules
MARK_COLOUR = "C00000"  # the DRAFT line

# Every style the writers use: a house style dropped in must keep these names.
REQUIRED_STYLES: tuple[str, ...] = (
    "Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet",
    "Header", "Footer", "Caption", "Table Text", "Table Heading", "Table Note", "Board Table",
)
