
import pytest
from conftest import write_settings

from reporter.config.settings import DEFAULT_SETTINGS, load_settings, render_footer
from reporter.errors import ConfigurationError
from reporter.periods import Quarter
from reporter.status import Status


def test_bundled_settings_load():
    settings = load_settings(DEFAULT_SETTINGS)
    assert settings.organisation.name == "2010 Rotherham Ltd"
    assert settings.footer_template == "{board} / {board_date} / Delivering Improvement / IR"
    assert settings.footer == "2010 Board / Delivering Improvement / IR"  # no quarter: no date
    assert settings.improvement_target == pytest.approx(0.70)
    assert settings.plan_register.name == "improvement_plan.xlsx"
    assert settings.exception_statuses() == {Status.RED}
    q3 = settings.timetable_for(Quarter(2009, 3))
    assert q3 is not None and q3.board.isoformat() == "2010-01-27"


@pytest.mark.parametrize(
    "word, status",
    [
        ("red", Status.RED), ("R", Status.RED), (" RED ", Status.RED),
        ("Complete", Status.COMPLETE), ("Completed", Status.COMPLETE), ("Clear", Status.COMPLETE),
        ("Blue", Status.COMPLETE), ("C", Status.COMPLETE), ("On track", Status.GREEN),
        ("On  Track.", Status.GREEN), ("Some slippage reported", Status.AMBER),
        ("Slipped", Status.RED), ("Ongoing", Status.GREEN),
        ("Yellow", None), ("n/a", None), ("", None), (None, None),
    ],
)
def test_status_words_from_the_settings(word, status):
    assert load_settings().vocabulary.normalise(word) is status


def test_misspelt_key_is_named(tmp_path):
    path = write_settings(tmp_path, DEFAULT_SETTINGS.read_text(encoding="utf-8").replace(
        "amber_is_exception", "amber_is_exeption"))
    with pytest.raises(ConfigurationError) as exc:
        load_settings(path)
    assert "unknown key status.amber_is_exeption" in str(exc.value)
    assert "allowed: amber_is_exception, categories, words" in str(exc.value)


def test_wrong_values_are_all_reported(tmp_path):
    text = DEFAULT_SETTINGS.read_text(encoding="utf-8")
    text = text.replace("improvement_target = 0.70", "improvement_target = 70")
    text = text.replace('colour = "C00000"', 'colour = "crimson"')
    text = text.replace('quarter = "2009/10-Q2"', 'quarter = "2009/10-Q5"')
    text = text.replace("chart_limit = 200", "chart_limit = 12.5")
    path = write_settings(tmp_path, text)
    with pytest.raises(ConfigurationError) as exc:
        load_settings(path)
    message = str(exc.value)
    assert "4 problem(s)" in message
    assert "report.chart_limit must be a whole number, 1 or more, got 12.5" in message
    assert "report.improvement_target must be a fraction between 0 and 1" in message
    assert 'status.categories "Red".colour must be six hex digits' in message
    assert "Q5" in message


def test_a_word_under_two_statuses_is_refused(tmp_path):
    text = DEFAULT_SETTINGS.read_text(encoding="utf-8").replace(
        'words = ["red",', 'words = ["on track", "red",'
    )
    path = write_settings(tmp_path, text)
    with pytest.raises(ConfigurationError, match="'on track' is listed under both"):
        load_settings(path)


def test_missing_and_broken_files(tmp_path):
    with pytest.raises(ConfigurationError, match="settings file not found"):
        load_settings(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[organisation\nname = 1", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="is not valid TOML"):
        load_settings(bad)


def test_house_style_and_covering_templates(tmp_path):
    settings = load_settings()
    assert settings.reference_docx.name == "reference.docx"
    assert [p.name for p in settings.covering_templates] == [
        "covering_report.docx", "covering_report_council.docx"]
    text = DEFAULT_SETTINGS.read_text(encoding="utf-8").replace(
        '"covering_report_council.docx"]', '"covering_report_cabinet.docx"]')
    with pytest.raises(ConfigurationError, match="covering_report_cabinet.docx does not exist"):
        load_settings(write_settings(tmp_path, text))


# --------------------------------------------------------------------------- the footer line

def test_footer_names_the_quarters_board_date():
    """Each quarter's pack prints its own Board date, never a date typed once."""
    settings = load_settings()
    assert settings.footer_for(Quarter(2009, 3)) == \
        "2010 Board / 27 January 2010 / Delivering Improvement / IR"
    assert settings.footer_for(Quarter(2009, 4)) == \
        "2010 Board / 12 May 2010 / Delivering Improvement / IR"


def test_footer_without_a_board_date_leaves_the_date_out_cleanly():
    settings = load_settings()
    assert settings.timetable_for(Quarter(2012, 2)) is None
    footer = settings.footer_for(Quarter(2012, 2))
    assert footer == "2010 Board / Delivering Improvement / IR"
    assert "/  /" not in footer and " / / " not in footer
    assert settings.footer_for(None) == settings.footer


@pytest.mark.parametrize("template, expected", [
    ("{board} / {board_date} / IR", "2010 Board / IR"),
    ("{board_date} / {board} / IR", "2010 Board / IR"),
    ("{board} / IR / {board_date}", "2010 Board / IR"),
    ("{quarter} / {board} / {board_date}", "Q3 2009/10 / 2010 Board"),  # 2009/10 kept whole
    ("{quarter} | {board_date} | IR", "Q3 2009/10 | IR"),
    ("Board of {board_date}, {quarter}", "Board of, Q3 2009/10"),
    ("Delivering Improvement / IR", "Delivering Improvement / IR"),
    ("{{literal}} / {board_date}", "{literal}"),
])
def test_render_footer_drops_empty_parts_with_their_separator(template, expected):
    values = {"board": "2010 Board", "board_date": "", "quarter": "Q3 2009/10"}
    assert render_footer(template, values) == expected


def test_footer_quarter_placeholder(tmp_path):
    text = DEFAULT_SETTINGS.read_text(encoding="utf-8").replace(
        'footer = "{board} / {board_date} / Delivering Improvement / IR"',
        'footer = "{board} / {board_date} / {quarter} / IR"')
    settings = load_settings(write_settings(tmp_path, text))
    assert settings.footer_for(Quarter(2010, 1)) == "2010 Board / 28 July 2010 / Q1 2010/11 / IR"


@pytest.mark.parametrize("footer, named", [
    ("{board} / {meeting_date} / IR", "{meeting_date}"),
    ("{Board} / IR", "{Board}"),
])
def test_an_unknown_footer_placeholder_is_named_with_the_allowed_ones(tmp_path, footer, named):
    text = DEFAULT_SETTINGS.read_text(encoding="utf-8").replace(
        '"{board} / {board_date} / Delivering Improvement / IR"', f'"{footer}"')
    with pytest.raises(ConfigurationError) as exc:
        load_settings(write_settings(tmp_path, text))
    message = str(exc.value)
    assert f"report.footer uses the placeholder {named}, which does not exist" in message
    assert "allowed: {board}, {board_date}, {quarter}" in message


@pytest.mark.parametrize("footer, problem", [
    ("{board / IR", "stray brace"),
    ("{board_date:%d %B} / IR", "with nothing after its name"),
])
def test_a_broken_footer_placeholder_is_refused(tmp_path, footer, problem):
    text = DEFAULT_SETTINGS.read_text(encoding="utf-8").replace(
        '"{board} / {board_date} / Delivering Improvement / IR"', f'"{footer}"')
    with pytest.raises(ConfigurationError, match=problem):
        load_settings(write_settings(tmp_path, text))


def test_council_settings_use_their_own_covering_report_and_footer():
    council = load_settings(DEFAULT_SETTINGS.parent / "council" / "settings.toml")
    assert [p.relative_to(DEFAULT_SETTINGS.parent).as_posix()
            for p in council.covering_templates] == ["council/covering_report.docx"]
    assert council.footer_for(Quarter(2007, 3)) == (
        "Corporate Improvement Board / 11 February 2008 / Corporate Improvement Plan / CEX P&Q")


def test_a_misspelt_key_is_named_with_its_nearest_spelling(tmp_path):
    text = DEFAULT_SETTINGS.read_text(encoding="utf-8").replace("chart_limit", "chart_limt")
    with pytest.raises(ConfigurationError) as exc:
        load_settings(write_settings(tmp_path, text + "\n[colors]\nRed = \"C00000\"\n"))
    message = str(exc.value)
    assert "unknown key report.chart_limt (did you mean chart_limit?); allowed: " in message
    assert "unknown section [colors] (did you mean colours?)" in message
    assert "2 problem(s)" in message


def test_a_status_with_no_words_is_refused(tmp_path):
    text = DEFAULT_SETTINGS.read_text(encoding="utf-8") + "\n[status.words]\nRed = []\n"
    path = write_settings(tmp_path, text)
    with pytest.raises(ConfigurationError, match=r"status.words.Red lists no words; list the "
                                                 r"words people write for Red"):
        load_settings(path)


def test_the_names_peer_tables_give_us_default_to_the_organisations_name(tmp_path):
    # Benchmarking and import-indicators take a table's row as ours only by these names.
    sample = load_settings()
    assert sample.organisation.known_in_tables_as == (
        "2010 Rotherham Ltd", "Rotherham Metropolitan Borough Council")
    text = DEFAULT_SETTINGS.read_text(encoding="utf-8")
    start = text.index("known_in_tables_as =")
    unnamed = text[:start] + text[text.index("\n", start) + 1:]
    assert load_settings(write_settings(tmp_path, unnamed)).organisation.known_in_tables_as == (
        "2010 Rotherham Ltd",)
    wrong = text.replace('known_in_tables_as = ["2010 Rotherham Ltd", ', "known_in_tables_as = [1, ")
    with pytest.raises(ConfigurationError, match="organisation.known_in_tables_as must be a text "
                                                 "or a list of texts"):
        load_settings(write_settings(tmp_path, wrong))


def _with_organisation_key(tmp_path, line: str, timetable: str | None = None):
    text = DEFAULT_SETTINGS.read_text(encoding="utf-8").replace(
        "[organisation]\n", f"[organisation]\n{line}\n", 1)
    if timetable is not None:  # the sample's quarters' dates, replaced
        text = text[:text.index("[[timetable]]")] + timetable
    return write_settings(tmp_path, text)


@pytest.mark.parametrize("written", ["July", "july", "Jul"])
def test_the_financial_year_starts_in_the_month_the_settings_name(tmp_path, written):
    settings = load_settings(_with_organisation_key(
        tmp_path, f'year_starts = "{written}"', '[[timetable]]\nquarter = "2009/10-Q3"\n'
        "returns_due = 2010-04-09\npsi_draft = 2010-04-16\nliaison_meeting = 2010-04-23\n"
        "board = 2010-04-28\ncabinet_member = 2010-05-05\n"))
    assert settings.first_month == 7
    # the command line's quarter, and the timetable's, are of the organisation's year
    assert settings.quarter(Quarter(2009, 3)).span_label == "January to March 2010"
    (entry,) = settings.timetable
    assert entry.quarter == settings.quarter(Quarter(2009, 3))


def test_the_timetable_is_checked_against_the_organisations_quarters(tmp_path):
    # the sample's returns for Q3 are due in January: before a July year's Q3 ends
    with pytest.raises(ConfigurationError, match=r"2009/10-Q3\"\): returns_due \(2010-01-08\) "
                                                 r"is on or before the quarter ends \(2010-03-31"):
        load_settings(_with_organisation_key(tmp_path, 'year_starts = "July"'))


def test_the_sample_year_starts_in_april():
    assert load_settings(DEFAULT_SETTINGS).first_month == 4


@pytest.mark.parametrize("written", ["January", "Juli", "7"])
def test_a_year_start_that_is_no_month_from_february_is_refused(tmp_path, written):
    path = _with_organisation_key(tmp_path, f'year_starts = "{written}"')
    with pytest.raises(ConfigurationError,
                       match=r"organisation\.year_starts must be a month's name, February to "
                             rf"December \(such as July\), got '{written}'"):
        load_settings(path)


def test_progress_report_sections_take_the_settings_words(tmp_path):
    text = DEFAULT_SETTINGS.read_text(encoding="utf-8").replace(
        'title = "Notable Achievements"', 'title = "What went well in {quarter}"')
    words = dict(load_settings(write_settings(tmp_path, text)).section_words)
    assert words["achievements"].title == "What went well in {quarter}"
    # multi-line TOML strings are re-flowed; a blank line parts paragraphs
    assert words["looking_forward"].introduction.endswith(
        "ease of monitoring.\n\nThese items are presented for information only.")


def test_an_unknown_placeholder_in_a_sections_words_is_named(tmp_path):
    text = DEFAULT_SETTINGS.read_text(encoding="utf-8").replace(
        'title = "Notable Achievements"', 'title = "Achievements of {year}"')
    with pytest.raises(ConfigurationError,
                       match=r"progress_report\.achievements\.title uses the placeholder "
                             r"\{year\}, which does not exist; allowed: \{plan\}, "):
        load_settings(write_settings(tmp_path, text))
