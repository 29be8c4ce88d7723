"""Covering reports: the Board's, the Council's, one per Word template.

Each template (``input_templates/covering_report.docx``, the Council's
``covering_report_council.docx`` for its Cabinet Member, and the Council example's
own ``input_templates/council/covering_report.docx``) is a docxtpl document the PSI
officer edits in Word; ``PLACEHOLDERS`` lists what it may use. No template names an
organisation: they speak from the settings' ``{{ organisation }}``, ``{{ partner }}``
and ``{{ board }}``, and every judging sentence comes from ``wording``. Every value
is cleaned and escaped (autoescape), so text from the plan or a return is shown as
typed and can never become a tag or markup. A placeholder the template misspells stops the run with
its name (StrictUndefined) rather than leaving a silent gap in a Board paper.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from docx.shared import Cm

from reporter.pack import word
from reporter.pack.context import PackContext, long_date
from reporter.pack.errors import TemplateProblem
from reporter.pack.house import (
    BOARD_TEMPLATE_NAME,
    COUNCIL_FOLDER,
    COUNCIL_PLAN_TEMPLATE_NAME,
    COUNCIL_TEMPLATE_NAME,
    INPUT_TEMPLATES,
    MARK_COLOUR,
)
from reporter.pack.wording import (
    appendix_section_lines,
    assessment_sentence,
    board_recommendations,
    brackets_note,
    count_lines,
    looking_forward_sentence,
    new_red_lines,
    new_reds_sentence,
    number_word,
    ordinal,
    position_notes,
    position_sentence,
    progress_sentence,
    recommendation_line,
    recommendation_sentences,
    recommendations_summary,
    reds_detail,
    reds_summary,
    share_sentence,
    still_red_lines,
    targeted_sentence,
)
from reporter.safe_text import clean_text
from reporter.status import Meaning

DEFAULT_TEMPLATES: tuple[Path, ...] = (INPUT_TEMPLATES / BOARD_TEMPLATE_NAME,
                                       INPUT_TEMPLATES / COUNCIL_TEMPLATE_NAME)
# The Council example's covering report on its own plan (its settings name it).
COUNCIL_PLAN_TEMPLATE = INPUT_TEMPLATES / COUNCIL_FOLDER / COUNCIL_PLAN_TEMPLATE_NAME
APPENDIX_NAME = "progress_report.docx"
CHART_WIDTH = Cm(16)
# Output file name -> template, or templates whose names the outputs keep.
Templates = Mapping[str, Path] | Iterable[Path] | Path

# Every placeholder a covering template may use, and what it holds.
PLACEHOLDERS: dict[str, str] = {
    "organisation": "the organisation's name (2010 Rotherham Ltd)",
    "organisation_short": "its short name (2010)",
    "partner": "the body the plan is agreed with (the council's name); empty when none",
    "partner_short": "its short name (RMBC); empty when none",
    "plan_name": "the plan's name in titles (Improvement Plan)",
    "plan": "the plan in running text (the Improvement Plan agreed between ...)",
    "organisation_plan": "the plan with its organisation (2010 Rotherham Ltd Improvement Plan)",
    "team": "the team that runs the reporting (Performance and Service Improvement (PSI) team)",
    "team_short": "its short name (PSI team)",
    "board": "the body the report goes to (2010 Board)",
    "author": "the report's author",
    "job_title": "the author's job title",
    "footer": "the footer line from the settings",
    "title": "Improvement Plan: Progress Report for Q4 2009/10",
    "quarter": "Q4 2009/10",
    "quarter_code": "2009/10-Q4",
    "quarter_name": "Q4; after the plan's first year Q1 2010/11 (Q5): never put it in brackets",
    "next_quarter": "Q1 2010/11",
    "next_quarter_name": "Q1 2010/11 (Q5)",
    "quarter_end": "31 March 2010",
    "quarter_end_month": "March 2010",
    "previous_quarter_end": "31 December 2009 (empty when there is no previous quarter)",
    "board_date": "the Board meeting's date from the timetable",
    "cabinet_member_date": "the Cabinet member meeting's date from the timetable",
    "theme_count": "number of themes",
    "outcome_count": "number of desired outcomes",
    "action_count": "number of key actions",
    "targeted_count": "actions whose key date fell by the quarter's end",
    "targeted_sentence": "Of the 62 actions within the Improvement Plan, 33 were targeted ...",
    "position_sentence": "the plain count: 4 actions are behind schedule and 1 was not reported.",
    "position_notes": "list: what the counts alone do not show: each directorate that sent no "
                      "return (its actions, what is carried forward), the actions with no "
                      "status named with why, and the statuses queried",
    "progress_sentence": "Further progress has been made ... with: (only when more are complete)",
    "assessment_sentence": "This is the second assessment ...: good only when the figures say so",
    "count_lines": "list: 43 (12) actions being completed on or ahead of time; ...",
    "count_complete": "43 (12)",
    "count_green": "15 (33)",
    "count_amber": "4 (10)",
    "count_red": "0 (7)",
    "count_not_reported": "0 (0)",
    "brackets_note": "N.B. The values in brackets indicate ...",
    "reds_summary": "the verdict and what became of last quarter's Reds (executive summary)",
    "reds_detail": "the same, for the progress section",
    "previous_red_count": "how many actions were Red last quarter",
    "still_red_lines": "list: the actions Red last quarter and still Red",
    "new_reds_sentence": "how many actions moved to Red (empty when none)",
    "new_red_lines": "list: the actions that moved to Red",
    "share_sentence": "the 70% indicator test, in words",
    "share_percent": "65%",
    "share_improved": "11",
    "share_comparable": "17",
    "share_target": "70%",
    "recommendation_sentences": "list: one sentence per source of external recommendations "
                                "(one for all when none reported progress)",
    "recommendations_summary": "the summary's sentence on the external recommendations",
    "board_recommendations": "list: i. Accept the report for information; ii. ...",
    "outstanding_recommendations": "list: the external recommendations still outstanding",
    "themes": "list: Theme 1: Address tenants' and leaseholders' priorities ...",
    "status_key": "list: Red: The key date has passed ...",
    "assessment_ordinal": "second (this is the second quarterly assessment)",
    "exception_count": "number of actions in the exception report",
    "achievement_count": "number of notable achievements",
    "looking_forward_count": "number of actions due next quarter",
    "looking_forward_sentence": "There are 5 actions targeted for completion during ...",
    "appendix_sections": "list: the sections the progress report holds, as it lists them",
    "appendix_section_count": "four (how many sections the progress report has)",
    "performance_report": "true when a performance report is written in the same run",
    "appendix_title": "Appendix A \u2013 The progress report up to 31 March 2010 (attached)",
    "appendix_file": "the appendix's file name",
    "chart": "the chart of key actions by status over the quarters (a picture)",
    "chart_caption": "Figure 1: ...",
    "draft": "true until the pack is final",
    "status_mark": "DRAFT \u2013 not for publication (empty when final)",
}


def _bracket(c: PackContext, meaning: Meaning) -> str:
    """The count with brackets of the scheme's first category of ``meaning`` ("0" when
    the scheme has none)."""
    status = next((s for s in c.status_scheme.counted if s.meaning is meaning), None)
    return "0" if status is None else c.summary.bracket(status)


def template_values(context: PackContext, appendix_name: str = APPENDIX_NAME) -> dict[str, Any]:
    """The values of every placeholder but ``chart`` (plain text and lists of text)."""
    c, org, summary = context, context.organisation, context.summary
    share = c.share
    groups = c.recommendations
    forward = sum(len(t.rows) for t in c.looking_forward)
    assessment = ordinal(max(len(c.history_counts), 1))
    values: dict[str, Any] = {
        "organisation": org.name,
        "organisation_short": org.short_name,
        "partner": org.partner,
        "partner_short": org.partner_short,
        "plan_name": org.plan_name,
        "plan": org.plan,
        "organisation_plan": org.named_plan,
        "team": org.team,
        "team_short": org.team_short,
        "board": org.board,
        "author": c.author,
        "job_title": c.job_title,
        "footer": c.footer,
        "title": c.title,
        "quarter": c.quarter.label,
        "quarter_code": c.quarter.code,
        "quarter_name": c.quarter_name,
        "next_quarter": c.next_quarter.label,
        "next_quarter_name": c.next_quarter_name,
        "quarter_end": c.quarter_end,
        "quarter_end_month": c.quarter_end_month,
        "previous_quarter_end": c.previous_quarter_end,
        "board_date": long_date(c.board_date) or "(date to be confirmed)",
        "cabinet_member_date": long_date(c.cabinet_member_date) or "(date to be confirmed)",
        "theme_count": len(c.themes),
        "outcome_count": c.outcome_count,
        "action_count": c.action_count,
        "targeted_count": c.targeted_count,
        "targeted_sentence": targeted_sentence(c),
        "position_sentence": position_sentence(c),
        "position_notes": position_notes(c),
        "progress_sentence": progress_sentence(c),
        "assessment_sentence": assessment_sentence(c, assessment),
        "count_lines": count_lines(summary),
        # The plan's four by meaning (a scheme with several of one meaning: the first).
        **{f"count_{name}": _bracket(c, meaning) for name, meaning in (
            ("complete", Meaning.DONE), ("green", Meaning.ON_TRACK),
            ("amber", Meaning.AT_RISK), ("red", Meaning.OFF_TRACK))},
        "count_not_reported": summary.bracket(None),
        "brackets_note": brackets_note(c),
        "reds_summary": reds_summary(c),
        "reds_detail": reds_detail(c),
        "previous_red_count": len(c.previous_reds),
        "still_red_lines": still_red_lines(c),
        "new_reds_sentence": new_reds_sentence(c),
        "new_red_lines": new_red_lines(c),
        "share_sentence": share_sentence(share, c.quarter, c.final),
        "share_percent": share.percent if share else "n/a",
        "share_improved": share.improved if share else 0,
        "share_comparable": share.comparable if share else 0,
        "share_target": share.target_percent if share else "70%",
        "recommendation_sentences": recommendation_sentences(c),
        "recommendations_summary": recommendations_summary(c),
        "board_recommendations": board_recommendations(c),
        "outstanding_recommendations": [recommendation_line(r) for g in groups
                                        for r in g.remaining],
        "themes": [f"Theme {n}: {title}" for n, title in c.themes],
        "status_key": [f"{name}: {meaning}" for _, name, meaning in c.status_key],
        "assessment_ordinal": assessment,
        "exception_count": len(c.exception_rows()),
        "achievement_count": sum(len(t.rows) for t in c.achievements),
        "looking_forward_count": forward,
        "looking_forward_sentence": looking_forward_sentence(c),
        "appendix_sections": appendix_section_lines(c),
        "appendix_section_count": number_word(len(c.appendix_sections)),
        "performance_report": c.performance_report,
        "appendix_title": (f"Appendix A \u2013 The progress report up to {c.quarter_end} "
                           "(attached)"),
        "appendix_file": appendix_name,
        "chart_caption": (f"Figure 1: Key actions by status at the end of each quarter, "
                          f"{_span(c)}. Each status is lettered and patterned as well as "
                          "coloured."),
        "draft": c.draft,
        "status_mark": c.mark,
    }
    return _cleaned(values)


def _span(context: PackContext) -> str:
    labels = [label for label, _ in context.history_counts]
    if not labels:
        return context.quarter.label
    return labels[0] if len(labels) == 1 else f"{labels[0]} to {labels[-1]}"


def _cleaned(value: Any) -> Any:
    """Every text cleaned of characters XML cannot hold (escaping is docxtpl's, on render)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    if isinstance(value, dict):
        return {k: _cleaned(v) for k, v in value.items()}
    return value


def chart_alt_text(context: PackContext) -> str:
    """The chart's alternative text: what it shows, in words and numbers."""
    from reporter.indicators import charts

    return charts.status_counts_alt_text(list(context.history_counts))


def render_status_chart(context: PackContext, path: Path | str) -> Path:
    """Draw the chart of key actions by status over the quarters to ``path`` (PNG)."""
    from reporter.indicators import charts

    counts = list(context.history_counts)
    figure = charts.status_counts_figure(counts)
    return charts.save(figure, Path(path), alt=chart_alt_text(context))


def write_covering_report(context: PackContext, template_path: Path | str, path: Path | str,
                          appendix_name: str = APPENDIX_NAME) -> Path:
    """Fill one covering template and write it to ``path`` (atomically); return the path.

    The chart is ``context.chart_path`` when set, else drawn into a temporary folder.
    Raises TemplateProblem naming the template and the tag when it cannot be filled.
    """
    if context.chart_path is not None:
        return _write(context, Path(template_path), Path(path), appendix_name,
                      context.chart_path)
    with tempfile.TemporaryDirectory(prefix="pack-chart-") as folder:
        chart = render_status_chart(context, Path(folder) / "status_counts.png")
        return _write(context, Path(template_path), Path(path), appendix_name, chart)


def write_covering_reports(context: PackContext, templates: Templates, out_dir: Path | str,
                           appendix_name: str = APPENDIX_NAME) -> list[Path]:
    """One covering report per template, around the same appendix; returns their paths.

    ``templates`` maps an output file name to its template, or is a list of templates
    whose file names are kept (``covering_report.docx``, ``covering_report_council.docx``);
    ``DEFAULT_TEMPLATES`` are the two committed ones. The chart is drawn once for all.
    """
    if isinstance(templates, (str, Path)):
        templates = [Path(templates)]
    named = (dict(templates) if isinstance(templates, Mapping)
             else {Path(t).name: Path(t) for t in templates})
    clash = [name for name in named if name == appendix_name]
    if clash:
        raise TemplateProblem(
            f"a covering template is named {clash[0]}, the same as the appendix: rename the "
            "template so the covering report does not replace the progress report.")
    out = Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="pack-chart-") as folder:
        chart = context.chart_path or render_status_chart(
            context, Path(folder) / "status_counts.png")
        return [_write(context, Path(template), out / name, appendix_name, chart)
                for name, template in named.items()]


def open_template(template: Path | str) -> Any:
    """The covering template as a docxtpl document; TemplateProblem when it is missing or
    is not a Word document (``check`` and ``plan`` call it, so a broken template is found
    before the run that needs it)."""
    from docxtpl import DocxTemplate

    template = Path(template)
    if not template.is_file():
        raise TemplateProblem(
            f"the covering template {template} is missing. Check report.covering_templates "
            "in the settings, or restore the bundled ones in input_templates/ from the "
            "repository.")
    try:
        document = DocxTemplate(str(template))
        document.init_docx()
    except Exception as exc:  # a file that is not a Word document: say which and why
        raise TemplateProblem(
            f"the covering template {template} cannot be opened as a Word document ({exc}). "
            "Save it again from Word as .docx.") from None
    return document


def _write(context: PackContext, template: Path, path: Path, appendix_name: str,
           chart: Path) -> Path:
    import jinja2
    from docxtpl import InlineImage
    from jinja2.sandbox import SandboxedEnvironment, SecurityError

    document = open_template(template)
    values = template_values(context, appendix_name)
    values["chart"] = InlineImage(document, str(chart), width=CHART_WIDTH)
    # A template is a document people edit, not code: in the sandbox a tag can read the
    # quarter's values but cannot reach Python's insides (``cycler.__init__.__globals__``).
    environment = SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)
    try:
        document.render(values, jinja_env=environment, autoescape=True)
    except SecurityError as exc:
        raise TemplateProblem(
            f"the covering template {template.name} has a tag that reaches outside the "
            f"quarter's values ({exc}), which a template may not do. Use only the "
            f"placeholders: {', '.join(sorted(PLACEHOLDERS))}.") from None
    except jinja2.UndefinedError as exc:
        name = _undefined_name(str(exc))
        raise TemplateProblem(
            f"the covering template {template.name} uses the placeholder "
            f"{{{{ {name} }}}}, which does not exist. Correct it in Word; the placeholders "
            f"are: {', '.join(sorted(PLACEHOLDERS))}.") from None
    except jinja2.TemplateError as exc:
        near = " ".join(" ".join(getattr(exc, "docx_context", []) or []).split())[:200]
        raise TemplateProblem(
            f"the covering template {template.name} has a broken tag ({exc})"
            + (f" near: \u201c{near}\u201d" if near else "")
            + ". Word may have split a tag: retype it in one go, and check each {%p for %} "
            "has its {%p endfor %} and each {%p if %} its {%p endif %}.") from None
    except Exception as exc:  # a tag that fails when worked out, such as {{ 1/0 }}
        raise TemplateProblem(
            f"the covering template {template.name} has a tag that fails when it is filled "
            f"in ({type(exc).__name__}: {exc}). Correct it in Word; the placeholders are: "
            f"{', '.join(sorted(PLACEHOLDERS))}.") from None
    docx = document.docx
    sections = docx.sections
    for section in sections:
        word.write_header_mark(section, context.mark, MARK_COLOUR)
    word.set_alt_text(docx, chart_alt_text(context), "Key actions by status, by quarter")
    word.set_language(docx)
    title = next((p.text.strip() for p in docx.paragraphs
                  if p.style is not None and p.style.name == "Title" and p.text.strip()),
                 f"{context.organisation.board}: covering report for {context.quarter.label}")
    word.set_properties(
        docx, title=title,
        subject=f"Covering report for the {context.organisation.plan_name} progress report, "
                f"{context.quarter.label}",
        author=context.author,
        keywords=f"{context.organisation.plan_name}; {context.quarter.label}; covering report",
        comments=context.mark or "Final")
    word.set_created(docx, context.created)
    return word.save_atomic(docx, path)


def _undefined_name(message: str) -> str:
    match = re.search(r"'([^']+)' is undefined", message)
    return match.group(1) if match else message
