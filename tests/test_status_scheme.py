"""An organisation's own status scheme, end to end (issue 15): the five-point delivery
confidence scale of government programmes (Green, Amber/Green, Amber, Amber/Red, Red; see
``../shared/realdata/rag/gmpp_ipa_2019_dca.csv``) with Complete and Not started, written
into the sample's settings, returns filled with its words, two quarters run, and the
progress report and the consolidated workbook read back: labels, letters, colours,
counts with brackets and key text are the scheme's."""

from __future__ import annotations

import re
from itertools import cycle
from pathlib import Path

import pytest
from conftest import REPO_ROOT, write_settings
from docx import Document
from openpyxl import load_workbook

from reporter.cli import main
from reporter.config.settings import load_settings
from reporter.status import Meaning

# label, letter, meaning, colour, pattern, key text (the IPA's definitions, shortened)
FIVE_POINT = [
    ("Red", "R", "off track", "C00000", "xx",
     "Successful delivery appears to be unachievable."),
    ("Amber/Red", "AR", "at risk", "E26B0A", "++",
     "Successful delivery is in doubt, with major risks or issues apparent."),
    ("Amber", "A", "at risk", "FFC000", "\\\\",
     "Successful delivery appears feasible but significant issues already exist."),
    ("Amber/Green", "AG", "on track", "92D050", "--",
     "Successful delivery appears probable; constant attention will be needed."),
    ("Green", "G", "on track", "00B050", "//",
     "Successful delivery on time, budget and quality appears highly likely."),
    ("Complete", "C", "done", "0070C0", "..", "The outcome has been achieved."),
    ("Not started", "NS", "not started", "BFBFBF", "oo", "Work has not yet begun."),
]


def five_point_tables() -> str:
    """The five-point scheme as a settings file's [[status.categories]] tables."""
    return "".join(
        f'[[status.categories]]\nlabel = "{label}"\nletter = "{letter}"\n'
        f'meaning = "{meaning}"\ncolour = "{colour}"\npattern = "{pattern}"\n'
        f'key = "{key}"\n\n'
        for label, letter, meaning, colour, pattern, key in FIVE_POINT)


def five_point_settings(folder: Path) -> Path:
    """The sample's settings with its scheme replaced by the five-point one."""
    text = (REPO_ROOT / "input_templates" / "settings.toml").read_text(encoding="utf-8")
    start = text.index("[[status.categories]]")
    end = text.index("[[timetable]]")
    text = text[:start] + five_point_tables() + text[end:]
    text = text.replace('"covering_report.docx", "covering_report_council.docx"',
                        '"covering_report.docx"')
    return write_settings(folder, text)


def fill_returns(folder: Path, words: cycle[str]) -> None:
    """Each return's Actions sheet given the scheme's words in turn, with commentary."""
    for path in sorted(folder.glob("*.xlsx")):
        book = load_workbook(path)
        sheet = book["Actions"]
        header = next(r for r in range(1, 11)
                      if "Status" in [c.value for c in sheet[r]])
        titles = {c.value: c.column for c in sheet[header]}
        for row in range(header + 1, sheet.max_row + 1):
            if not sheet.cell(row, titles["Ref"]).value:
                continue
            sheet.cell(row, titles["Status"]).value = next(words)
            sheet.cell(row, titles["Progress commentary"]).value = "Work continues."
            sheet.cell(row, titles["Remedial action"]).value = "Weekly review."
            sheet.cell(row, titles["Revised date"]).value = "31/03/2010"
            sheet.cell(row, titles["Evidence"]).value = "Board minutes"
        book.save(path)


@pytest.fixture(scope="module")
def five_point_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("five_point")
    settings = five_point_settings(folder)
    history = folder / "history.sqlite"
    common = ["--settings", str(settings)]
    labels = [row[0] for row in FIVE_POINT]
    for n, quarter in enumerate(("2009/10-Q2", "2009/10-Q3")):
        returns = folder / f"returns{n}"
        assert main([*common, "templates", quarter, "--out", str(returns),
                     "--history", str(history)]) == 0
        # A different mix each quarter, so the brackets differ from the counts.
        fill_returns(returns, cycle(labels[n:] + labels[:n]))
        out = folder / f"pack{n}"
        assert main([*common, "run", quarter, "--returns", str(returns), "--out", str(out),
                     "--history", str(history), "--quiet"]) in (0, 1)
    return load_settings(settings), folder / "pack1"


def test_the_settings_hold_the_scheme(five_point_run):
    settings, _ = five_point_run
    scheme = settings.status_scheme
    assert [s.label for s in scheme.categories] == [row[0] for row in FIVE_POINT]
    assert [s.label for s in scheme.counted] == [
        "Complete", "Green", "Amber/Green", "Amber", "Amber/Red", "Red", "Not started"]
    assert scheme.late.label == "Red" and scheme.complete.label == "Complete"
    assert settings.vocabulary.normalise("amber/green").letter == "AG"
    assert settings.vocabulary.normalise("NS").meaning is Meaning.NOT_STARTED


def test_progress_report_shows_the_schemes_key_and_counts(five_point_run):
    _, pack = five_point_run
    document = Document(str(pack / "progress_report.docx"))
    texts = [p.text for p in document.paragraphs]
    for label, _, _, _, _, key in FIVE_POINT:
        assert f"{label}: {key}" in texts
    assert not any("Clear" in t for t in texts)
    assert any("(R, AR, A, AG, G, C or NS)" in t for t in texts)
    summary = next(t for t in document.tables if t.rows[0].cells[0].text == "Status")
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in summary.rows[1:]}
    for label, letter, *_ in FIVE_POINT:
        now, before = rows[f"{label} ({letter})"]
        assert now.isdigit() and before.isdigit()
    assert any(rows[f"{label} ({letter})"][0] != rows[f"{label} ({letter})"][1]
               for label, letter, *_ in FIVE_POINT)
    # Each status cell shaded with its category's colour.
    xml = summary._tbl.xml
    for _, _, _, colour, _, _ in FIVE_POINT:
        assert f'w:fill="{colour}"' in xml


def test_consolidated_workbook_shows_labels_letters_and_colours(five_point_run):
    _, pack = five_point_run
    book = load_workbook(pack / "consolidated.xlsx")
    sheet = book["Summary"]
    shown = {}
    for row in sheet.iter_rows(min_row=1):
        if row[0].value and re.match(r"^[A-Z]{1,2} ", str(row[0].value)):
            shown[row[0].value] = row[0].fill.fgColor.rgb
    for label, letter, _, colour, _, _ in FIVE_POINT:
        assert shown[f"{letter} {label}"].endswith(colour)


def test_covering_report_counts_with_brackets(five_point_run):
    _, pack = five_point_run
    text = "\n".join(p.text for p in Document(str(pack / "covering_report.docx")).paragraphs)
    assert re.search(r"\d+ \(\d+\) actions progressing in line with timescales "
                     r"\(Amber/Green\)", text)
    assert re.search(r"\d+ \(\d+\) actions? not yet started", text)


def test_returns_offer_the_schemes_words_and_key(five_point_run, tmp_path):
    settings, _ = five_point_run
    out = tmp_path / "returns"
    assert main(["--settings", str(settings.path), "templates", "2009/10-Q3",
                 "--out", str(out), "--history", str(tmp_path / "h.sqlite")]) == 0
    book = load_workbook(next(out.glob("*.xlsx")))
    lists = [v.formula1 for v in book["Actions"].data_validations.dataValidation]
    assert '"Red,Amber/Red,Amber,Amber/Green,Green,Complete,Not started"' in lists
    instructions = " ".join(str(c.value) for row in book["Instructions"].iter_rows()
                            for c in row if c.value)
    for _, _, _, _, _, key in FIVE_POINT:
        assert key in instructions
