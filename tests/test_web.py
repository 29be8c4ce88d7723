"""The web edition (reporter.web): the demo's pages for both bundled organisations parse
as HTML5 without an error, every link and image resolves, they say what the Word pack
says, text from a return stays text; then, in headless Chromium, axe-core finds no WCAG
2.2 A or AA violation and nothing overflows the page at 320 px or 1280 px wide."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pytest
from conftest import REPO_ROOT, write_settings
from docx import Document
from fill import HOSTILE_TEXTS, AsText, fill_return

from reporter.cli import main
from reporter.periods import Quarter
from reporter.returns.templates import write_returns
from reporter.web import PAGES

COUNCIL = REPO_ROOT / "input_templates" / "council" / "settings.toml"
ORGANISATIONS = {"sample": [], "council": ["--settings", str(COUNCIL)]}
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (320, 1280)
# Typed into returns besides the Word pack's hostile texts: markup a page could run.
SCRIPT = "<script>alert('typed in a return')</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module", params=list(ORGANISATIONS))
def demo_web(request, tmp_path_factory):
    """The demo run once per organisation: (name, its last quarter's web folder, the
    quarter's pack folder, every quarter's web folder)."""
    root = tmp_path_factory.mktemp(f"demo-{request.param}")
    assert main([*ORGANISATIONS[request.param], "demo", "--out", str(root), "--quiet"]) == 0
    webs = sorted(root.glob("*/web"))
    assert len(webs) == 3, "every quarter of the demo has its web edition"
    return request.param, webs[-1], webs[-1].parent, webs


def parse(path: Path):
    """The page as a browser builds it; html5lib's strict mode raises on any parse error."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(path.read_bytes())


def text_of(element) -> str:
    return " ".join("".join(element.itertext()).split())


# --------------------------------------------------------------------------- the HTML

def test_every_page_parses_as_html5_without_an_error(demo_web):
    _, _, _, webs = demo_web
    for web in webs:
        for name in PAGES:
            root = parse(web / name)  # raises html5lib.html5parser.ParseError
            assert root.get("lang") == "en-GB", name
            assert root.find("body/a").get("href") == "#main-content", f"{name}: skip link"
            assert len(root.findall(".//main")) == 1 and root.find(".//h1") is not None


def test_every_internal_link_and_image_resolves(demo_web):
    _, _, _, webs = demo_web
    for web in webs:
        ids = {name: {e.get("id") for e in parse(web / name).iter() if e.get("id")}
               for name in PAGES}
        for name in PAGES:
            for element in parse(web / name).iter():
                target = element.get("href") or element.get("src")
                if element.tag not in ("a", "link", "img") or not target:
                    continue
                parts = urlsplit(target)
                assert not parts.scheme and not parts.netloc, f"{name}: {target} leaves the site"
                page = unquote(parts.path) or name
                assert (web / page).is_file(), f"{name}: {target} is missing"
                if parts.fragment:
                    assert parts.fragment in ids[page], f"{name}: no #{parts.fragment}"


def test_tables_have_captions_and_header_cells_and_charts_their_figures(demo_web):
    _, web, pack, _ = demo_web
    charts: dict[str, int] = {}
    for name in PAGES:
        root = parse(web / name)
        for table in root.iter("table"):
            assert text_of(table.find("caption")), f"{name}: a table without a caption"
            for header in table.iter("th"):
                assert header.get("scope") in ("col", "row", "rowgroup", "colgroup"), name
        for figure in root.iter("figure"):
            charts[name] = charts.get(name, 0) + 1
            image = figure.find("img")
            assert len(image.get("alt", "")) > 20, f"{name}: {image.get('src')} has no alt text"
        details = root.findall(".//details")
        assert len(details) == len(root.findall(".//figure")), f"{name}: a chart without data"
        assert all(d.find(".//table/tbody/tr") is not None for d in details)
    # the status chart; the performance report's charts, each of them (the share improved,
    # the sheets at a glance and the indicators needing attention)
    placed = [p for p in word_paragraphs(pack / "performance_report.docx")
              if p.startswith("Figure ")]
    assert charts["index.html"] == 1 and charts["performance.html"] == len(placed) >= 10


def test_draft_is_on_every_page_of_a_draft(demo_web):
    _, web, _, _ = demo_web
    for name in PAGES:
        root = parse(web / name)
        assert "DRAFT \u2013 not for publication" in text_of(root.find(".//main")), name
        assert text_of(root.find(".//title")).startswith("DRAFT: "), name


def word_paragraphs(path: Path) -> list[str]:
    """The text of a Word document's body paragraphs, whitespace made single."""
    return [" ".join(p.text.split()) for p in Document(str(path)).paragraphs
            if p.text.strip()]


@pytest.mark.parametrize("document, page", [("progress_report.docx", "progress.html"),
                                            ("performance_report.docx", "performance.html")])
def test_the_web_pages_say_what_the_word_documents_say(demo_web, document, page):
    """Every paragraph of the Word document is on its web page, word for word, the
    charts' captions and their numbers included."""
    _, web, pack, _ = demo_web
    html = text_of(parse(web / page).find(".//main"))
    paragraphs = word_paragraphs(pack / document)
    assert not [p for p in paragraphs if p.rstrip(":") not in html]
    if page == "performance.html":
        assert len([p for p in paragraphs if p.startswith("Figure ")]) >= 10


def test_the_performance_page_has_the_reports_sections_in_its_order(demo_web):
    """The position, the summary, each theme at a glance, the indicators needing
    attention, the clinics and how to read it, as the Word report has them."""
    _, web, pack, _ = demo_web
    sections = [p.text for p in Document(str(pack / "performance_report.docx")).paragraphs
                if p.style.name == "Heading 1"]
    page = [text_of(h) for h in parse(web / "performance.html").find(".//main").iter("h2")]
    assert page == sections
    assert sections[-1] == "How to read this report" and "Indicators needing attention" in page


def test_the_summary_gives_the_counts_with_brackets_and_the_improvement(demo_web):
    name, web, pack, _ = demo_web
    main_text = text_of(parse(web / "index.html").find(".//main"))
    covering = " ".join(word_paragraphs(pack / "covering_report.docx"))
    counts = re.findall(r"\d+ \(\d+\) actions? [a-z ]+", main_text)
    assert len(counts) >= 3 and all(c in covering for c in counts), counts
    assert re.search(r"\d+ of \d+ comparable performance indicators \(\d+%\)|"
                     r"\d+ out of \d+ (comparable indicators )?improved", main_text), name


# --------------------------------------------------------------------------- hostile text

# The poster's indicators as the settings name them, not in plan order.
POSTER_INDICATORS = ("LPI 01", "BV 66a")


@pytest.fixture(scope="module")
def hostile_web(tmp_path_factory, sample_plan, sample_settings):
    """``run --web --final --force`` of returns whose Operations return types markup and
    formulas into its commentary, with settings naming the poster's indicators."""
    folder = tmp_path_factory.mktemp("hostile-web")
    text = (REPO_ROOT / "input_templates" / "settings.toml").read_text(encoding="utf-8")
    listed = ", ".join(f'"{ref}"' for ref in POSTER_INDICATORS)
    settings = write_settings(folder, f"{text}\n[poster]\nindicators = [{listed}]\n")
    q3 = Quarter(2009, 3)
    paths = write_returns(sample_plan, sample_settings, q3, folder / "returns")
    operations = next(p for p in paths if "Operations" in p.name)
    refs = [a.ref for a in sample_plan.actions_of("Operations")]
    texts = (*HOSTILE_TEXTS, SCRIPT, BREAKOUT)
    fill_return(operations, actions={
        ref: {"Status": "Red", "Progress commentary": AsText(text),
              "Remedial action": AsText(text), "Revised date": "31/03/2010"}
        for ref, text in zip(refs, texts)})
    assert main(["--settings", str(settings), "run", q3.code, "--returns", str(folder / "returns"), "--out",
                 str(folder / "out"), "--history", str(folder / "history.sqlite"), "--web",
                 "--final", "--force", "--quiet"]) == 0
    return folder / "out" / "web"


def test_text_from_a_return_is_never_markup(hostile_web):
    page = hostile_web / "progress.html"
    root = parse(page)
    assert root.findall(".//script") == [] and root.findall(".//b") == []
    assert [i.get("src") for i in root.iter("img") if i.get("src") == "x"] == []
    text = text_of(root.find(".//main"))
    for typed in ("<b>not markup</b> & {{ not a tag }}", SCRIPT, BREAKOUT):
        assert typed in text, typed
    raw = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;typed in a return&#39;)&lt;/script&gt;" in raw
    assert "&lt;b&gt;not markup&lt;/b&gt; &amp; {{ not a tag }}" in raw


def test_the_poster_page_shows_the_posters_indicators_and_says_how_chosen(
        hostile_web, sample_plan, sample_settings):
    """The settings' ``[poster] indicators``, in their order, as the poster shows them,
    with the poster's line saying how they were chosen."""
    root = parse(hostile_web / "poster.html")
    tiles = [text_of(li.find("h2")) for li in root.iter("li") if li.get("class") == "app-tile"]
    assert tiles == [sample_plan.indicator(ref).description for ref in POSTER_INDICATORS]
    plan_name = sample_settings.organisation.plan_name
    assert (f"These {len(POSTER_INDICATORS)} indicators were chosen for this poster from "
            f"our {plan_name}.") in text_of(root.find(".//main"))


def test_a_final_pack_is_not_marked_draft(hostile_web):
    for name in PAGES:
        root = parse(hostile_web / name)
        main_text = text_of(root.find(".//main"))
        assert "DRAFT" not in main_text and "DRAFT" not in text_of(root.find(".//title"))
        # issued past the returns' errors with --force: every page says so
        assert re.search(r"FINAL \u2013 issued with \d+ unresolved validation errors?",
                         main_text), name


# --------------------------------------------------------------------------- in a browser

@pytest.fixture(scope="module")
def browser():
    """Headless Chromium driven by selenium: skipped where it is not installed, but a
    failure in CI (.ci/run installs it)."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if chromium is None or driver is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium and chromedriver are not installed in CI: .ci/run should "
                        "install them")
        pytest.skip("headless Chromium is not installed: apt-get install chromium "
                    "chromium-driver to run the browser checks")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="web-chromium-")
    options = Options()
    options.binary_location = chromium
    # The network is closed: without these Chromium waits on services it cannot reach.
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    chrome = webdriver.Chrome(options=options, service=Service(driver))
    yield chrome
    chrome.quit()
    shutil.rmtree(profile, ignore_errors=True)


def test_axe_finds_no_wcag_22_aa_violation_on_any_page(demo_web, browser):
    from selenium_axe_python import Axe

    name, web, _, _ = demo_web
    browser.set_window_size(1280, 900)
    found = {}
    for page in PAGES:
        browser.get((web / page).as_uri())
        axe = Axe(browser)
        axe.inject()
        results = axe.run(options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
        assert results["passes"], f"{page}: axe checked nothing"
        if results["violations"]:
            found[page] = axe.report(results["violations"])
    assert not found, f"{name}: " + "\n".join(f"{p}: {r}" for p, r in found.items())


def test_pages_fit_320_and_1280_pixels_wide(demo_web, browser, tmp_path_factory):
    name, web, _, _ = demo_web
    shots = tmp_path_factory.mktemp(f"screenshots-{name}")
    for page in PAGES:
        for width in WIDTHS:
            browser.set_window_size(width, 900)
            browser.get((web / page).as_uri())
            scroll, inner = browser.execute_script(
                "return [document.documentElement.scrollWidth, window.innerWidth]")
            assert inner == width and scroll <= inner, \
                f"{name} {page} at {width} px: {scroll} px wide"
            shot = shots / f"{page.removesuffix('.html')}-{width}.png"
            assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 5_000
            # every chart is drawn, not a broken image
            broken = browser.execute_script(
                "return [...document.images].filter(i => !i.complete || !i.naturalWidth)"
                ".map(i => i.src)")
            assert not broken, broken
