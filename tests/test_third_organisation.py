"""Issue 15's Done-when: a third organisation built from scratch as its officer would.

``init`` starts Harbourside District Council (a July financial year); its officer writes
its own register (refs like HDC-07, two directorates), the five-point delivery confidence
scale of government programmes (Green, Amber/Green, Amber, Amber/Red, Red; see
``../shared/realdata/rag/gmpp_ipa_2019_dca.csv``) with Complete and Not started, no
partner, one committee and its own section titles. Two quarters are run through
``templates`` and ``run``; the returns and the pack read back give its statuses, counts with
brackets, key text, titles and July quarters, and no word of either bundled organisation.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from fill import fill_return
from openpyxl import load_workbook
from test_status_scheme import FIVE_POINT, five_point_tables

from reporter.cli import EXIT_OK, main
from reporter.returns import layout as L

NAME = "Harbourside District Council"
# Words of the bundled examples (2010 Rotherham Ltd's plan and the Council's), of their
# settings and their key text, which this council's pack must not hold; and April-year
# wording, which its July year must not.
NOT_OURS = re.compile(
    r"Rotherham|RMBC|\b2010 Board\b|Corporate Improvement|Improvement Plan|\bPSI\b|P&SI|"
    r"Performance and (Service Improvement|Quality)|Delivering Improvement|Cabinet Member|"
    r"Liaison meeting|agreed (with|between)|\bClear\b|blue \u2018C\u2019|April to March",
    re.IGNORECASE)

# Its register: (sheet, rows), replacing init's example rows. Key dates are read in the
# July year: "Q1 2025/26" is 30 September 2025.
REGISTER = {
    "Themes": [(1, "A thriving town centre"), (2, "Homes for all")],
    "Outcomes": [("HDC-1", 1, "A busier high street"), ("HDC-2", 2, "More affordable homes")],
    "Directorates": [("Place", "Director of Place", "place@harbourside.example"),
                     ("Housing", "Director of Housing", "housing@harbourside.example")],
    "Actions": [
        ("HDC-07", "HDC-1", "Open the market hall", "Q1 2025/26", "Place",
         "Market hall trading six days a week", None),
        ("HDC-08", "HDC-1", "Reopen the bus station", "Q2 2025/26", "Place",
         "Buses using the station", None),
        ("HDC-09", "HDC-1", "Let the empty shop units", "30/06/2026", "Place",
         "Ten units let", None),
        ("HDC-12", "HDC-2", "Agree the housing strategy", "Q4 2025/26", "Housing",
         "Strategy adopted by the committee", None),
        ("HDC-15", "HDC-2", "Start the Quayside homes", "Mar 26", "Housing",
         "Work started on site", None),
    ],
    "Indicators": [
        ("HDC PI 1", "Calls answered within 20 seconds", "%", "higher", "Place", 1, "No",
         "monthly", "average", None, None, 1, None, 90, None, 85, None),
        ("HDC PI 2", "New homes delivered", "homes", "higher", "Housing", 2, "No",
         "quarterly", "sum", 0, None, 0, None, 120, 60, 110, None),
    ],
    "Recommendations": [],
}

# What each directorate types, by quarter: statuses in the scheme's words, with narrative.
STATUSES = {
    "2025/26-Q1": {"HDC-07": "Complete", "HDC-08": "Amber/Green", "HDC-09": "Amber",
                   "HDC-12": "Amber/Red", "HDC-15": "Not started"},
    # HDC-08 is reported Green, but its key date (31 December 2025) has passed: Red
    "2025/26-Q2": {"HDC-07": "Complete", "HDC-08": "Green", "HDC-09": "Amber/Green",
                   "HDC-12": "Red", "HDC-15": "Amber"},
}
FIGURES = {
    "2025/26-Q1": {"HDC PI 1": {"Jul 2025": 88, "Aug 2025": 90, "Sep 2025": 92},
                   "HDC PI 2": {"Q1 2025/26": 25}},
    "2025/26-Q2": {"HDC PI 1": {"Oct 2025": 91, "Nov 2025": 93, "Dec 2025": 94},
                   "HDC PI 2": {"Q2 2025/26": 31}},
}


def its_settings(text: str) -> str:
    """The starter settings as Harbourside's officer edits them."""
    start, end = text.index("[[status.categories]]"), text.index("# The progress report's")
    text = text[:start] + five_point_tables() + text[end:]
    replacements = {
        'plan_name = "Improvement Plan"': 'plan_name = "Delivery Plan"',
        'team = "performance team"': 'team = "Policy and Performance Team"',
        'team_short = "performance team"': 'team_short = "Policy and Performance Team"',
        'board = "Board"': 'board = "Overview and Scrutiny Committee"',
        'author = "TO FILL: the report author\'s name"': 'author = "Ruth Okafor"',
        'job_title = "TO FILL: the report author\'s job title"':
            'job_title = "Head of Policy and Performance"',
        'key = "board"\nname = "Board"':
            'key = "committee"\nname = "Overview and Scrutiny Committee"\ndays_after = 25',
        "action_limit = 2000": "action_limit = 2000\nreturns_due_days = 12",
        'title = "Exceptions to timely delivery"': 'title = "Slipping in {quarter}"',
        'introduction = """Set out below are the actions of {plan} that are behind schedule or '
        'off\ntarget against their key dates."""':
            'introduction = "Where {plan} has slipped, and what is being done about it."',
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def write_register(path: Path) -> None:
    """Its own rows in place of init's examples (the officer typing into Excel)."""
    book = load_workbook(path)
    for sheet_name, rows in REGISTER.items():
        sheet = book[sheet_name]
        sheet.delete_rows(2, sheet.max_row)
        for row in rows:
            sheet.append(row)
    book.save(path)


@pytest.fixture(scope="module")
def harbourside(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("third") / "harbourside"
    assert main(["init", str(folder), "--organisation", NAME, "--year", "2025/26",
                 "--year-starts", "July"]) == EXIT_OK
    settings = folder / "settings.toml"
    settings.write_text(its_settings(settings.read_text(encoding="utf-8")), encoding="utf-8")
    write_register(folder / "improvement_plan.xlsx")
    common = ["--settings", str(settings)]
    for quarter, statuses in STATUSES.items():
        assert main([*common, "templates", quarter]) == EXIT_OK
        folder_name = quarter.replace("/", "-")
        for blank in (folder / "returns" / folder_name).glob("*.xlsx"):
            # each directorate's return holds its own actions and indicators
            mine = {row[0] for sheet, at in (("Actions", 4), ("Indicators", 4))
                    for row in REGISTER[sheet] if row[at] in blank.name}
            typed = {ref: {L.STATUS: status, L.PROGRESS: f"{ref}: work continues.",
                           L.REMEDIAL: "Weekly review by the director.", L.EVIDENCE: "Minutes"}
                     for ref, status in statuses.items() if ref in mine}
            if "HDC-07" in typed:  # its key date ("Q1 2025/26") retyped another way
                typed["HDC-07"][L.KEY_DATE] = "Quarter 1 2025/26"
            fill_return(blank, actions=typed,
                kpis={ref: typed for ref, typed in FIGURES[quarter].items() if ref in mine})
        assert main([*common, "run", quarter, "--returns",
                     str(folder / "returns" / folder_name), "--quiet"]) in (0, 1)
    return folder


def docx_text(path: Path) -> str:
    document = Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    heads = [p.text for s in document.sections for p in [*s.header.paragraphs,
                                                          *s.footer.paragraphs]]
    properties = document.core_properties
    return "\n".join([p.text for p in document.paragraphs] + cells + heads
                     + [properties.title or "", properties.subject or "",
                        properties.keywords or ""])


def xlsx_text(path: Path) -> str:
    book = load_workbook(path)
    values = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row
              if c.value is not None]
    prompts = [f"{v.prompt} {v.error} {v.formula1}" for ws in book.worksheets
               for v in ws.data_validations.dataValidation]
    return "\n".join([book.properties.title or "", *values, *prompts])


def pack(folder: Path, quarter: str = "2025-26-Q2") -> Path:
    return folder / "output" / quarter


def test_its_returns_ask_for_the_months_of_its_july_quarters(harbourside):
    for quarter, months in (("2025-26-Q1", ["Jul 2025", "Aug 2025", "Sep 2025"]),
                            ("2025-26-Q2", ["Oct 2025", "Nov 2025", "Dec 2025"])):
        (place,) = (harbourside / "returns" / quarter).glob("*Place*.xlsx")
        sheet = load_workbook(place)[L.KPIS_SHEET]
        titles = [str(c.value) for row in sheet.iter_rows(max_row=10) for c in row if c.value]
        assert [t for t in titles if re.fullmatch(r"[A-Z][a-z]{2} \d{4}", t)] == months
        text = xlsx_text(place)
        assert '"Red,Amber/Red,Amber,Amber/Green,Green,Complete,Not started"' in text
        assert "HDC-07" in text and not NOT_OURS.search(text), NOT_OURS.search(text)


def test_its_progress_report_gives_its_statuses_and_counts_with_brackets(harbourside):
    document = Document(str(pack(harbourside) / "progress_report.docx"))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Delivery Plan: Progress Report for Q2 2025/26"
    assert f"{NAME} Delivery Plan: position at 31 December 2025" in texts
    for label, _, _, _, _, key in FIVE_POINT:
        assert f"{label}: {key}" in texts
    summary = next(t for t in document.tables if t.rows[0].cells[0].text == "Status")
    assert [c.text for c in summary.rows[0].cells] == [
        "Status", "Actions at 31 December 2025", "Actions at 30 September 2025"]
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in summary.rows[1:]}
    # Q2 (Q1): HDC-08 made Red by its passed key date, HDC-12 reported Red
    assert rows == {"Complete (C)": ["1", "1"], "Green (G)": ["0", "0"],
                    "Amber/Green (AG)": ["1", "1"], "Amber (A)": ["1", "1"],
                    "Amber/Red (AR)": ["0", "1"], "Red (R)": ["2", "0"],
                    "Not started (NS)": ["0", "1"], "Total": ["5", "5"]}


def test_its_section_titles_and_quarters_are_its_own(harbourside):
    text = docx_text(pack(harbourside) / "progress_report.docx")
    assert "Section 1: Slipping in Q2" in text
    assert f"Where the Delivery Plan of {NAME} has slipped, and what is being done" in text
    assert "Section 3: Looking forward to Q3" in text
    assert "HDC-08" in text and "The key date having passed, the status will be revised " \
        "to red pending completion." in text
    # Q3 of a July year is January to March: its key dates are the ones looked forward to
    assert "31 Mar 2026" in text  # "Mar 26" in the one form of key dates


def test_its_covering_report_counts_with_brackets_in_its_words(harbourside):
    text = docx_text(pack(harbourside) / "covering_report.docx")
    assert "Delivery Plan: progress report for Q2 2025/26" in text
    assert "2 (0) actions confirmed as being behind schedule" in text  # Red: 2, Q1: 0
    assert "0 (1) actions not yet started" in text
    assert "the situation at the end of the previous quarter on 30 September 2025" in text
    # its one committee, 25 days after returns due 12 days after the quarter
    assert "Meeting: Overview and Scrutiny Committee\n2. Date: 6 February 2026" in text


def test_its_figures_are_of_its_july_year(harbourside):
    book = load_workbook(pack(harbourside) / "consolidated.xlsx")
    text = xlsx_text(pack(harbourside) / "consolidated.xlsx")
    assert "Amber/Green" in text and "HDC-12" in text
    sheet = book["Indicators"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "HDC PI 1")
    # the year to date is July to December: the six months typed, averaged (one decimal)
    assert row[header.index("Year to date")] == 91.3
    performance = docx_text(pack(harbourside) / "performance_report.docx")
    assert "average of Jul-Dec 2025 (6 months)" in performance


def test_a_key_date_retyped_as_the_same_day_of_its_year_is_not_a_change(harbourside):
    # "Quarter 1 2025/26" for "Q1 2025/26": the same day, 30 September 2025, when both are
    # read in its July year
    for quarter in ("2025-26-Q1", "2025-26-Q2"):
        text = xlsx_text(pack(harbourside, quarter) / "validation_report.xlsx")
        assert "HDC-07" not in text, text[text.find("HDC-07") - 200:text.find("HDC-07") + 200]


def test_nothing_of_the_bundled_organisations_is_in_its_pack(harbourside):
    for quarter in ("2025-26-Q1", "2025-26-Q2"):
        folder = pack(harbourside, quarter)
        for path in sorted(folder.glob("*.docx")) + sorted(folder.glob("*.xlsx")):
            text = docx_text(path) if path.suffix == ".docx" else xlsx_text(path)
            found = NOT_OURS.search(text)
            assert found is None, (path.name, text[max(0, found.start() - 80):found.end() + 40])
