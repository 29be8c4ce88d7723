"""Every count the covering report gives is the one the appendix shows.

The demo is run for both bundled organisations (the sample and the Council, with their
missing return, unreadable status, Red without remedial action and Green past its key
date); each quarter's covering reports and progress report are read back with
python-docx and every count compared: the counts by status with their brackets against
the appendix's table, the actions asked about in the recommendations against the
exception reports, the actions not reported and the returns missing against the
appendix's section naming them, the actions due next quarter, the external
recommendations, and the number of sections.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentType
from docx.table import Table
from docx.text.paragraph import Paragraph

from reporter.cli import main

REPO = Path(__file__).resolve().parent.parent
COUNCIL_SETTINGS = REPO / "input_templates" / "council" / "settings.toml"
NUMBERS = {"no": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10}
COUNT_LINE = re.compile(r"^(\d+)(?: \((\d+)\))? (actions?) ([^;:,]+?)(?:;| and|\.)*$")


@pytest.fixture(scope="module", params=["sample", "council"])
def demo(request, tmp_path_factory) -> Path:
    """The demo's three quarters for one bundled organisation."""
    out = tmp_path_factory.mktemp(f"demo-{request.param}")
    settings = [] if request.param == "sample" else ["--settings", str(COUNCIL_SETTINGS)]
    with contextlib.redirect_stdout(io.StringIO()):
        assert main([*settings, "demo", "--out", str(out), "--quiet"]) == 0
    return out


class Appendix:
    """The progress report read back: its summary table and its sections."""

    def __init__(self, document: DocumentType):
        self.sections: dict[str, list[Paragraph | Table]] = {}
        self.front: list[Paragraph | Table] = []
        current = self.front
        for child in document.element.body.iterchildren():
            if child.tag.endswith("}p"):
                paragraph = Paragraph(child, document)
                style = paragraph.style.name if paragraph.style is not None else ""
                if style == "Heading 1" and paragraph.text.startswith("Section "):
                    current = self.sections.setdefault(paragraph.text, [])
                    continue
                current.append(paragraph)
            elif child.tag.endswith("}tbl"):
                current.append(Table(child, document))

    def summary(self) -> list[tuple[str, int, int | None]]:
        """(status, now, before) for each row of the position table, Total left out."""
        table = next(t for t in self.front if isinstance(t, Table)
                     and t.rows[0].cells[0].text == "Status")
        rows = []
        for row in list(table.rows)[1:]:
            cells = [c.text for c in row.cells]
            if cells[0] != "Total":
                rows.append((cells[0], int(cells[1]), int(cells[2]) if len(cells) > 2 else None))
        return rows

    def total(self) -> int:
        table = next(t for t in self.front if isinstance(t, Table)
                     and t.rows[0].cells[0].text == "Status")
        return int(list(table.rows)[-1].cells[1].text)

    def section(self, title_starts: str) -> tuple[int, list[Paragraph | Table]]:
        """The number and the content of the section whose title starts so."""
        for heading, content in self.sections.items():
            number, title = heading.removeprefix("Section ").split(": ", 1)
            if title.startswith(title_starts):
                return int(number), content
        raise AssertionError(f"no section {title_starts!r} in {list(self.sections)}")

    def has(self, title_starts: str) -> bool:
        return any(h.split(": ", 1)[1].startswith(title_starts) for h in self.sections)


def texts(content: list[Paragraph | Table]) -> list[str]:
    return [p.text for p in content if isinstance(p, Paragraph) and p.text.strip()]


def action_rows(content: list[Paragraph | Table]) -> list[list[str]]:
    """The action tables' rows (Outcome ... Status), headers left out."""
    return [[c.text for c in row.cells] for t in content if isinstance(t, Table)
            if t.rows[0].cells[0].text == "Outcome" for row in list(t.rows)[1:]]


def covering_texts(path: Path) -> list[str]:
    paragraphs = [p.text.strip() for p in Document(str(path)).paragraphs]
    return [t for t in paragraphs if t]


def count_blocks(lines: list[str]) -> list[list[tuple[int, int | None, str]]]:
    """Each run of count lines: (now, before, phrase)."""
    blocks: list[list[tuple[int, int | None, str]]] = []
    run: list[tuple[int, int | None, str]] = []
    for line in [*lines, ""]:
        match = COUNT_LINE.match(line)
        if match and ("action" in match[3]):
            run.append((int(match[1]), None if match[2] is None else int(match[2]),
                        match[4]))
        elif run:
            blocks.append(run)
            run = []
    return blocks


def quarters(demo: Path) -> list[Path]:
    found = sorted(p for p in demo.iterdir() if re.fullmatch(r"\d{4}-\d{2}-Q\d", p.name))
    assert len(found) == 3
    return found


def test_every_count_in_the_covering_reports_is_the_appendix_s(demo):
    seen = {"missing": 0, "unread": 0, "exceptions": 0}
    for folder in quarters(demo):
        appendix = Appendix(Document(str(folder / "progress_report.docx")))
        table = appendix.summary()
        coverings = sorted(folder.glob("covering_report*.docx"))
        assert coverings, folder
        for path in coverings:
            lines = covering_texts(path)
            where = f"{path.name} of {folder.name}"
            # the counts by status, each time they are given, as the appendix's table
            blocks = count_blocks(lines)
            assert blocks, where
            for block in blocks:
                assert [(now, before) for now, before, _ in block] == \
                    [(now, before) for _, now, before in table], where
            phrases = {phrase.removeprefix("(").strip(): now for now, _, phrase in blocks[0]}
            # "Of the 62 actions ..." is the table's total
            of = next(int(m[1]) for t in lines if (m := re.match(r"Of the (\d+) actions", t)))
            assert of == appendix.total() == sum(now for _, now, _ in table), where
            check_exceptions_asked(lines, phrases, appendix, where, seen)
            check_not_reported(lines, table, appendix, where, seen)
            check_sections_and_forward(lines, appendix, where)
            check_recommendations(lines, appendix, where)
    # the demo's mistakes were all there to be counted
    assert seen["missing"] and seen["unread"] and seen["exceptions"]


def check_exceptions_asked(lines, phrases, appendix, where, seen):
    """"Note the 6 actions reported by exception (3 ... and 3 ...)": each part is the
    count line's own figure in its own words, and the whole is the number of exception
    reports in Section 1."""
    asks = [t for t in lines if re.match(r"[ivx]+\. Note (that arrangements are in hand to "
                                         r"improve )?the \d+ action", t)]
    _, section = appendix.section("Exceptions")
    reports = [t for t in texts(section) if re.match(r"^[a-z]{1,2}\) ", t)]
    if not asks:
        assert not reports, where
        return
    [ask] = set(asks)  # the same ask where the template gives it twice
    total = int(re.search(r"the (\d+) action", ask)[1])
    assert total == len(reports), where
    parts = re.findall(r"(\d+) (actions? [a-z ]+?)(?= and |\)|:|,|\.|$)", ask)
    for n, phrase in parts:
        words = phrase.split(" ", 1)[1]
        assert phrases[words] == int(n), (where, phrase)
    assert sum(int(n) for n, _ in parts) == total, where
    seen["exceptions"] += 1


def check_not_reported(lines, table, appendix, where, seen):
    """The actions not reported are counted as the table counts them and named where the
    appendix lists them with the reason; a missing return's actions are all there."""
    unread = next((now for label, now, _ in table if label.startswith("Not reported")), 0)
    asked = [t for t in lines if re.match(r"[ivx]+\. Note that \d+ actions? (was|were) not "
                                         "reported", t)]
    if unread:
        [ask] = set(asked)
        assert int(re.search(r"Note that (\d+)", ask)[1]) == unread, where
        _, section = appendix.section("Not reported")
        rows = [r for r in action_rows(section) if r[-1] == "N/R"]
        assert len(rows) == unread, where
        refs = re.findall(r"\((.+?), named with the reason", ask)
        for ref in re.split(r", | and ", refs[0]) if refs else ():
            outcome, letter = ref[:-1], ref[-1]
            assert any(t.startswith(f"{outcome} {letter}) ") for t in texts(section)), ref
        reasons = [t for t in texts(section) if "Status not readable: the return said" in t]
        seen["unread"] += len(reasons)
    else:
        assert not asked, where
    for match in (re.search(r"No return was received from (.+?) for .*? its (\d+) actions?", t)
                  for t in lines):
        if match is None:
            continue
        directorate, n = match[1], int(match[2])
        _, section = appendix.section("Not reported")
        carried = [r for r in action_rows(section) if r[3] == directorate]
        assert len(carried) == n and all(r[-1].endswith("*") for r in carried), where
        assert any(t.startswith(f"No return was received from {directorate}")
                   for t in texts(section)), where
        seen["missing"] += 1


def check_sections_and_forward(lines, appendix, where):
    """"Appendix A has five sections" and "12 actions targeted for completion ... listed in
    Section 3" are what the appendix holds."""
    said = next((m[1] for t in lines
                 if (m := re.match(r"The progress report at Appendix A has (\w+) sections", t))),
                None)
    if said is not None:
        assert NUMBERS[said] == len(appendix.sections), where
    forward = next((m for t in lines if (m := re.search(
        r"There (?:is|are) (\d+) actions? targeted for completion during .*? listed in Section "
        r"(\d+)", t))), None)
    number, section = appendix.section("Looking forward")
    if any(t.startswith("No further actions are due for completion") for t in lines):
        assert not action_rows(section), where
    if forward is None:  # the template does not say (the Cabinet Member's)
        return
    assert int(forward[2]) == number, where
    assert int(forward[1]) == len(action_rows(section)), where


def check_recommendations(lines, appendix, where):
    """"Of the 9 Audit Commission inspection recommendations outstanding at the start of
    the quarter ..." counts the rows of that source's table in the appendix."""
    if not appendix.has("External recommendations"):
        return
    _, section = appendix.section("External recommendations")
    rows: dict[str, int] = {}  # source -> rows of its table (none when all were done earlier)
    source = ""
    for part in section:
        if isinstance(part, Paragraph) and part.style is not None \
                and part.style.name == "Heading 2":
            source = part.text
            rows[source] = 0
        elif isinstance(part, Table) and part.rows[0].cells[0].text == "Ref":
            rows[source] = len(part.rows) - 1
    for line in lines:
        match = re.match(r"Of the (\d+) (.+?) recommendations outstanding at the start", line)
        if match:
            assert rows[match[2]] == int(match[1]), (where, line)
