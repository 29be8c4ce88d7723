"""The layout of a directorate return workbook: the contract between the
templates we send out (``templates``) and the reader of what comes back (``ingest``).

Readers find sheets and header rows by these titles, never by position, so a
directorate that reorders columns or adds its own still reads.
"""

from __future__ import annotations

from reporter.indicators.table_periods import Period

# 2: the KPIs sheet asks for the figures due (months, the quarter or the year), with
# "not due" cells; version 1 had three month columns for every indicator.
TEMPLATE_VERSION = "2"

INSTRUCTIONS_SHEET = "Instructions"
ACTIONS_SHEET = "Actions"
KPIS_SHEET = "KPIs"
RECOMMENDATIONS_SHEET = "Recommendations"
# A very hidden sheet of key / value rows (column A key, column B value).
META_SHEET = "_meta"

# Metadata keys written to the META_SHEET.
META_VERSION = "template_version"
META_QUARTER = "quarter"  # Quarter.code, e.g. "2009/10-Q3"
META_DIRECTORATE = "directorate"
META_FINGERPRINT = "plan_fingerprint"  # sha256 of the locked plan text, see plan_fingerprint()
META_GENERATED = "generated"  # ISO timestamp

# The header row must be found within this many rows of the top of a sheet.
HEADER_SEARCH_ROWS = 10
# Reading stops after a run of blank rows (phantom rows of formatted sheets): see
# reporter.sheets.BLANK_RUN_LIMIT, which every reader shares.

# Actions sheet: column titles in the order we write them.
REF = "Ref"
OUTCOME = "Outcome"
KEY_ACTION = "Key action"
KEY_DATE = "Key date"
LEAD_DIRECTOR = "Lead director"
SUCCESS_CRITERIA = "Success criteria"
LAST_STATUS = "Last quarter's status"
LAST_COMMENTARY = "Last quarter's commentary"
STATUS = "Status"
PROGRESS = "Progress commentary"
REMEDIAL = "Remedial action"
REVISED_DATE = "Revised date"
EVIDENCE = "Evidence"
NOTABLE = "Notable achievement"

ACTION_COLUMNS: tuple[str, ...] = (
    REF, OUTCOME, KEY_ACTION, KEY_DATE, LEAD_DIRECTOR, SUCCESS_CRITERIA,
    LAST_STATUS, LAST_COMMENTARY,
    STATUS, PROGRESS, REMEDIAL, REVISED_DATE, EVIDENCE, NOTABLE,
)
# The titles a return must have (DESIGN.md); the others are for the reader's convenience.
REQUIRED_ACTION_COLUMNS: tuple[str, ...] = (
    REF, KEY_ACTION, KEY_DATE, LEAD_DIRECTOR, SUCCESS_CRITERIA,
    STATUS, PROGRESS, REMEDIAL, REVISED_DATE, EVIDENCE, NOTABLE,
)
# Plan text copied into the return, locked; a change is reported and the plan wins.
LOCKED_ACTION_COLUMNS: tuple[str, ...] = (
    REF, KEY_ACTION, KEY_DATE, LEAD_DIRECTOR, SUCCESS_CRITERIA)
INPUT_ACTION_COLUMNS: tuple[str, ...] = (
    STATUS, PROGRESS, REMEDIAL, REVISED_DATE, EVIDENCE, NOTABLE)

# KPIs sheet. A figure's column is titled with its period (``period_title``): "Oct 2009"
# for a month, "Q3 2009/10" for a quarter, "Year 2009/10" for a year. Returns of template
# version 1 also had last year's months, titled "Oct 2008 (last year)".
PI_REF = "PI ref"
DESCRIPTION = "Description"
UNIT = "Unit"
FREQUENCY = "Frequency"
POLARITY = "Polarity"
TARGET = "Target"
LAST_QUARTER = "Last quarter"
SAME_PERIOD_LAST_YEAR = "Same period last year"
KPI_STATUS = "Status"
COMMENT = "Comment"
LAST_YEAR_SUFFIX = " (last year)"
YEAR_PREFIX = "Year "
# What a figure cell that is not due this quarter holds: grey, locked, and not read.
NOT_DUE = "not due"
REQUIRED_KPI_COLUMNS: tuple[str, ...] = (PI_REF, DESCRIPTION, COMMENT)  # plus the quarter's months


def period_title(period: Period) -> str:
    """The title of a figure's column: "Oct 2009", "Q3 2009/10" or "Year 2009/10"."""
    return YEAR_PREFIX + period.label if period.kind == "year" else period.label


# Recommendations sheet.
REC_REF = "Ref"
REC_SOURCE = "Source"
REC_TEXT = "Recommendation"
REC_ORIGINAL_DATE = "Original date"
REC_REVISED_DATE = "Revised date"
REC_STATUS = "Status"
REC_PROGRESS = "Progress commentary"
REC_NEW_DATE = "New target date"
RECOMMENDATION_COLUMNS: tuple[str, ...] = (
    REC_REF, REC_SOURCE, REC_TEXT, REC_ORIGINAL_DATE, REC_REVISED_DATE,
    REC_STATUS, REC_PROGRESS, REC_NEW_DATE,
)

NOTABLE_WORDS: tuple[str, ...] = ("Y", "N")
