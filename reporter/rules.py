"""The rule catalogue: every finding code the reporter emits, in one table.

Each rule has its code (the ``rule`` of a ``Finding``), a title, the severity it
is given (where a rule is an error in one place and a warning in another, the
more severe; the help says when), and help text: what it means and how to fix it
in general. The finding itself names the place and the particular fix.

``tests/test_rules.py`` fails on a code used in ``reporter/`` that is not listed
here, and on a rule here that nothing uses. The README's "Findings" section is
this table: ``python -m reporter.rules`` prints it.
"""

from __future__ import annotations

from dataclasses import dataclass

from reporter.findings import Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class Rule:
    """One kind of finding: its code, title, severity and general help."""

    code: str
    severity: Severity
    title: str
    help: str


RULES: tuple[Rule, ...] = (
    # -- reading a return file -------------------------------------------------------
    Rule("unreadable", ERROR, "The file cannot be read",
         "The file could not be opened or the reader failed on it (it may be open elsewhere, "
         "far too large or damaged). Open it in Excel, check it looks right, save it as .xlsx "
         "and send it again."),
    Rule("too-large", ERROR, "The file is too large for a return",
         "A return is a few hundred kilobytes; this one is over the size limit, usually "
         "because of pictures or extra sheets. Send the return generated for you with only "
         "your entries added."),
    Rule("old-format", ERROR, "An old or other file format",
         "The file is an Excel 97-2003 workbook (.xls) or another format, not an .xlsx. Open "
         "it in Excel and use File > Save As > Excel Workbook (.xlsx)."),
    Rule("not-a-workbook", ERROR, "Not an Excel workbook",
         "The file is not an Excel workbook (a warning when only its name says so: it is "
         "skipped; an error when it is named .xlsx). Send the return workbook itself, or "
         "remove the file from the returns folder."),
    Rule("not-a-file", WARNING, "Not a file",
         "The returns folder holds a link or a special file (a pipe, a device) where a "
         "return should be; it is not read. Copy the return workbook itself into the folder."),
    Rule("password-protected", ERROR, "The workbook has a password",
         "A workbook encrypted with a password cannot be read. Remove the password (File > "
         "Info > Protect Workbook), save and send it again; sheet protection without a "
         "password is fine."),
    Rule("corrupt", ERROR, "The workbook is damaged",
         "The workbook or one of its sheets is damaged. Open it in Excel (it may offer to "
         "repair it), save it as .xlsx and send it again."),
    Rule("zip-bomb", ERROR, "The workbook would unpack to an implausible size",
         "An .xlsx is a zip archive; this one would unpack to far more than any return, so it "
         "was not opened. Send the return generated for you with only your entries added."),
    Rule("hostile-xml", ERROR, "The workbook's XML is unsafe",
         "The workbook uses XML constructs Excel never writes (document types, entities), so "
         "it may be crafted and was not opened. Send the return from Excel as an ordinary "
         ".xlsx workbook."),
    Rule("empty-workbook", ERROR, "The workbook is empty",
         "No sheet of the workbook holds any data. Send the return generated for you, with "
         "your entries."),
    Rule("not-a-return", ERROR, "Not a return",
         "The workbook has neither an Actions nor a KPIs sheet, so it is not a return. Fill in "
         "the return generated for your directorate and do not rename its sheets."),
    # -- a return's layout -----------------------------------------------------------
    Rule("sheet-renamed", INFO, "A sheet was renamed",
         "A sheet has another name but the columns of a return sheet, so it was read in its "
         "place. Keep the sheet names as sent."),
    Rule("header-missing", ERROR, "No header row",
         "No row near the top of the sheet names its key column (Ref or PI ref), so the sheet "
         "could not be read. Keep the column titles as sent, in one row near the top."),
    Rule("rows-below-gap", WARNING, "Rows below a gap were not read",
         "A long run of blank rows ends a sheet (it guards against sheets that claim a "
         "million empty rows), so rows typed below such a gap are not read; the finding names "
         "the first of them. Delete the blank rows above it, save and send the return again."),
    Rule("column-missing", ERROR, "A column is missing",
         "A column the return needs is not in the header row (a warning for the grey plan "
         "columns, whose text comes from the plan anyway). Put the column back as it was sent."),
    Rule("column-duplicate", WARNING, "A column appears twice",
         "Two columns have the same title; the first is read. Delete the second copy."),
    Rule("directorate-unknown", ERROR, "Which directorate sent it is not known",
         "The return's hidden metadata does not name a directorate of the plan, and its refs "
         "do not point to one. Fill in the return generated for your directorate and send "
         "that."),
    Rule("directorate-inferred", INFO, "The directorate was worked out from the refs",
         "The return's metadata was missing or wrong, so it was read as the return of the "
         "directorate most of its refs belong to. Nothing to do if that is right."),
    # -- the batch of returns --------------------------------------------------------
    Rule("no-returns", ERROR, "No return could be used",
         "None of the files in the returns folder could be read for this quarter, so there is "
         "nothing to report from. Check the folder given with --returns and the other "
         "findings."),
    Rule("wrong-quarter", ERROR, "A return for another quarter",
         "The return was made for a different quarter, so it was not used. Send the return "
         "for this quarter (its file name starts with the quarter)."),
    Rule("duplicate-return", WARNING, "Two returns from one directorate",
         "Two files are returns from the same directorate; the newer was used. Remove the file "
         "that is not the final return."),
    Rule("plan-version", INFO, "Made from an earlier version of the plan",
         "The return was generated from an earlier plan register. The plan's own text is "
         "used, and any plan text that differs is listed; use this quarter's return if an "
         "action is missing."),
    Rule("return-missing", WARNING, "No return from a directorate",
         "A directorate sent no return: its last known position is carried forward and "
         "marked as such, or its items are shown as not returned. Ask the directorate for its "
         "return."),
    # -- rows and refs ---------------------------------------------------------------
    Rule("sheet-missing", ERROR, "A sheet is missing",
         "The return has no Actions, KPIs or Recommendations sheet, so nothing on it was "
         "reported (an error for Actions, a warning for the others). Send the return "
         "generated for you, with the sheet filled in."),
    Rule("row-without-ref", WARNING, "A row has entries but no ref",
         "A row was filled in but its ref is empty, so it was not read. Put the ref back, or "
         "move the entries to the row they belong to."),
    Rule("unknown-ref", ERROR, "A ref that is not in the plan",
         "The ref is not an action, indicator or recommendation of the plan, so the row was "
         "not used (a warning, and the row skipped, when importing an earlier quarter). "
         "Correct the ref as in the return sent to you, or delete the row."),
    Rule("other-directorate", WARNING, "Another directorate's ref",
         "The row belongs to another directorate, so it was not used. Delete the row and send "
         "the update to the directorate that leads it."),
    Rule("duplicate-ref", ERROR, "A ref appears twice",
         "The same ref is on two rows; the first was used. Keep one row per ref."),
    Rule("action-missing", ERROR, "An action is missing from the return",
         "One of the directorate's actions has no row, so it is shown as not reported. Add "
         "the row back (copy it from the return sent to you) and fill it in."),
    Rule("indicator-missing", WARNING, "An indicator is missing from the return",
         "One of the directorate's indicators has no row, so it is shown as not reported. Add "
         "the row back and fill in its figures."),
    Rule("recommendation-missing", WARNING, "A recommendation is missing from the return",
         "One of the directorate's external recommendations has no row, so it is shown as not "
         "reported. Add the row back and fill it in."),
    # -- actions ---------------------------------------------------------------------
    Rule("status-missing", ERROR, "An action has no status",
         "Every action needs a status. Choose Red, Amber, Green or Complete (or the settings' "
         "words for them) from the list in the cell."),
    Rule("status-unknown", ERROR, "A status that is not a status word",
         "The status is not one of the settings' status words, so it was not used. Choose "
         "Red, Amber, Green or Complete from the list in the cell."),
    Rule("key-date-passed", WARNING, "Not complete by its key date",
         "The action is not Complete but its key date fell on or before the quarter end, so "
         "it is reported as Red. Mark it Complete if it is done; otherwise mark it Red with "
         "the reason, the remedial action and a revised date."),
    Rule("evidence-missing", WARNING, "Complete without evidence",
         "A Complete action should say where the evidence of completion is; evidence is "
         "checked for a sample of actions. Name the document, link or report."),
    Rule("complete-reopened", WARNING, "Complete last quarter, not now",
         "An action reported Complete last quarter has another status now. Mark it Complete "
         "if it is done; if it was reopened, say why in the commentary."),
    Rule("plan-text-changed", WARNING, "The plan's text was changed in the return",
         "A grey plan cell (key action, key date, success criteria) differs from the plan "
         "register; the register's text is used. Leave the grey cells as sent; only the plan "
         "register changes the plan."),
    Rule("exception-narrative-missing", ERROR, "An exception without its explanation",
         "A Red action (and an Amber one where the settings report Amber by exception) must "
         "say why it is off track and what is being done about it: the Board reads these as "
         "exceptions. Fill in the progress commentary and the remedial action."),
    Rule("revised-date-invalid", WARNING, "A revised date that is not a date",
         "The revised date could not be read as a date. Write a date such as 31/03/2010 "
         "(day/month/year)."),
    Rule("revised-date-missing", WARNING, "Red without a revised date",
         "A Red action should give the date by which it will now be done. Type the date, "
         "such as 31/03/2010."),
    Rule("revised-date-before-key-date", WARNING, "A revised date before the key date",
         "A revised date is the new, later date; this one is before the key date. Check it."),
    Rule("revised-date-past", WARNING, "A revised date already passed",
         "The revised date is on or before the quarter end. Mark the action Complete if it is "
         "done; otherwise give a date still to come."),
    Rule("notable-unknown", WARNING, "Notable achievement not Y or N",
         "The notable achievement entry is neither Y nor N, so it was read as N. Choose Y or "
         "N from the list in the cell."),
    # -- indicators ------------------------------------------------------------------
    Rule("kpi-figure-missing", ERROR, "A figure due is missing",
         "An indicator has no figure for a period due this quarter (a month, the quarter or "
         "the year, as the register's Frequency says): an error when the period's column is "
         "missing, a warning for one empty cell. Type the figure; if it is not known yet, "
         "leave the cell blank and say why in the Comment."),
    Rule("kpi-figure-explained", INFO, "A figure not given, with the reason",
         "A figure due is blank and the Comment gives the reason, which is noted for the "
         "officer. Nothing to do now; send the figure when it is known."),
    Rule("kpi-not-number", ERROR, "A figure that is not a number",
         "The figure is text, or an error value from a failed formula. Type the figure alone, "
         "such as 97.5, without a % sign or units."),
    Rule("kpi-out-of-bounds", ERROR, "A figure outside the indicator's bounds",
         "The figure is below the indicator's Minimum or above its Maximum in the plan "
         "register (a percentage is 0 to 100 unless the register says otherwise, such as "
         "-100 for a % change), so it was not used. The return's drop-down rule holds the "
         "same bounds. Type the figure within them, or have the register corrected."),
    Rule("kpi-not-due", WARNING, "A figure typed where none is due",
         "A figure was typed in a cell that is not due for the indicator (a month cell of a "
         "quarterly indicator, an annual one outside its due quarter), so it was not used. "
         "Type it in the cell due, or clear it."),
    Rule("kpi-zero", WARNING, "A zero after a figure",
         "0 was typed where the period before had a figure: returns often type 0 for 'not "
         "yet known'. If the figure is not yet known, leave it blank and say why in the "
         "Comment; if 0 is right, say so in the Comment."),
    Rule("kpi-cumulative-fell", WARNING, "A cumulative figure fell within the year",
         "The indicator's year to date is its latest figure (a cumulative or snapshot "
         "figure), and this one is below the one before in the same year. Check it is the "
         "figure for the year so far; if it is right, explain the fall in the Comment."),
    Rule("kpi-jump", WARNING, "A figure far from the last ones",
         "The figure differs from the period before or a year earlier by more than half. "
         "Check it; if it is right, explain the change in the Comment."),
    Rule("indicator-status-disagrees", WARNING, "The stated status disagrees with the figures",
         "The return states a status for the indicator that its figures against the target "
         "do not give; the report shows the status the figures give. Check both."),
    Rule("imported-status-disagrees", WARNING, "An imported status disagrees with ours",
         "The status the organisation's own table gave a quarter (imported with "
         "import-indicators) is not the one the figures give against the target and the "
         "polarity in the plan register; the report shows the status the figures give. "
         "Check the imported figure, its target and the polarity; a figure typed as 0 for "
         "'not yet received' is a common cause."),
    # -- cross-checks between actions, indicators and the pack --------------------------
    Rule("complete-target-missed", WARNING, "Complete, but its indicator misses the target",
         "The action is reported Complete, but an indicator its success criteria name (the "
         "plan register's Indicators column) misses its target, or the share of indicators "
         "improved is short of the plan's target. The pack reports the status as given, "
         "with the figure beside it. Ask the directorate whether the success criteria are "
         "met, and correct the status or explain it in the commentary."),
    Rule("two-headings", WARNING, "An action listed under two headings",
         "The action is reported behind schedule (an exception) and is also marked a notable "
         "achievement, so the pack lists it in both sections, with a note. Set Notable "
         "achievement to N if the achievement is a milestone on the way, or correct the "
         "status."),
    # -- recommendations -------------------------------------------------------------
    Rule("recommendation-status", WARNING, "A recommendation's status is not understood",
         "The status of an external recommendation is empty or not Complete / Not complete, "
         "so it is read as not complete. Choose from the list in the cell."),
    # -- the plan register and the timetable ------------------------------------------
    Rule("plan-register-column", WARNING, "A register column that is not read",
         "The plan register has a column the reporter does not read (or a value it does not "
         "use), so what it holds is ignored. Rename the column to the title the reporter "
         "reads, or delete it if it is only a note."),
    Rule("indicator-basis-assumed", WARNING, "An indicator's basis was assumed",
         "The register does not say how often the indicator is reported (Frequency) or how "
         "its figures add up over the year (Year to date), so a default was taken from its "
         "unit and its figures are marked 'basis assumed'. Fill in both columns."),
    Rule("plan-register", ERROR, "A problem in the plan register",
         "The plan register (improvement_plan.xlsx) has a missing, duplicated or unreadable "
         "entry; every problem is listed at once with its sheet and cell. Correct the "
         "register and run again."),
    Rule("timetable-missing", WARNING, "No timetable for a quarter",
         "The settings have no [[timetable]] entry for the quarter. Add one with its dates."),
    Rule("timetable-weekend", WARNING, "A timetable date on a weekend",
         "Meetings and deadlines normally fall on working days. Check the date."),
    # -- importing indicator history and benchmarking ----------------------------------
    Rule("unparseable-period", WARNING, "A period that is not understood",
         "An imported row's period could not be read, so the row was not imported. Write it "
         "like 2018-19;Q1, April 2021, 2010/11, or as a date."),
    Rule("non-numeric", WARNING, "An imported value that is not a number",
         "An imported cell is text, not a figure, so it was not imported. Correct it in the "
         "file, or list the marker (such as '..' or 'x') under source.missing in the mapping."),
    Rule("unmatched-indicator", WARNING, "An indicator not in the mapping",
         "The file has an indicator the mapping does not name, so its values were not "
         "imported. Add it to the mapping's [indicators], or to source.ignore_indicators."),
    Rule("benchmark-period", WARNING, "No peer values for the period",
         "The peer file has no values for the period wanted, so the indicator was not "
         "benchmarked. Pass --period with one of the file's periods."),
    Rule("peer-period-mismatch", WARNING, "The peers' figures are for another period",
         "The peer file's period is not the quarter benchmarked or its year (a 2024/25 table "
         "used for a 2014/15 quarter). The message names both; the quartile is labelled with "
         "the peers' year. Use the peers' file for the quarter's year if there is one."),
    Rule("peer-period-unknown", WARNING, "The peers' period is not known",
         "The peer file has no period column and none was given, so its figures are taken as "
         "the quarter's year. Pass --period with the year the peers' figures are for, or set "
         "source.period in the mapping."),
    Rule("not-benchmarked", WARNING, "An indicator could not be benchmarked",
         "Our value, the indicator's polarity or enough peer values are missing. The message "
         "says which; give our value (--our-value), the polarity in the mapping, or check the "
         "peers and the period."),
)

_BY_CODE = {rule.code: rule for rule in RULES}


def rule_for(code: str) -> Rule | None:
    """The catalogue's rule for ``code``, or None for a code it does not know."""
    return _BY_CODE.get(code)


def title_of(code: str) -> str:
    """The rule's title, or the code itself for a code the catalogue does not know
    (a finding kept in the history by an older version)."""
    rule = _BY_CODE.get(code)
    return rule.title if rule else code


README_HEADING = "## Findings"


def markdown() -> str:
    """The README's "Findings" section: every rule as a row of one table."""
    lines = [
        README_HEADING,
        "",
        "Every problem the reporter finds is a finding with one of these codes (the *Rule* "
        "column of the",
        "validation report and of the consolidated workbook's findings). An error in the "
        "returns stops",
        "the final pack unless you pass `--force`; a warning is reported and the run goes on; "
        "information",
        "needs nothing unless it is wrong. This table is `reporter/rules.py`, printed by",
        "`python -m reporter.rules`.",
        "",
        "| code | severity | title | help |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| `{r.code}` | {r.severity.value} | {r.title} | {r.help} |" for r in RULES]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
