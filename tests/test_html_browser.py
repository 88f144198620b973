"""The HTML report, opened in a real browser (headless Chromium through Selenium).

Chromium and chromedriver come from the Debian packages ``chromium`` and
``chromium-driver`` (``.ci/run`` installs them). Screenshots are saved in
``tests/artifacts/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import brandguard as bg
from brandguard.formatters.html import format_html, highlight
from brandguard.models import Finding, Span

from . import integration_plugin as itest
from .conftest import BASE_POLICY

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
HOSTILE = 'Se <script>document.title="hacked"</script> & "citat" hos Nordlys energi.'
POSTS = [
    ("p-hype", "Vi er verdens bedste til varmepumper, siger Nordlys energi. 😀"),
    ("p-clean", "Vi har fået tre nye kolleger i Aarhus, og vi glæder os."),
    ("p-hostile", HOSTILE),
    ("p-shout", "KUN I DAG: Nordlys energi og Nordlys energi er verdens bedste."),
]


@pytest.fixture(scope="module")
def report_items() -> list[tuple[str, bg.Post, bg.Report]]:
    checker = itest.checker(BASE_POLICY)
    items = []
    for pid, text in POSTS:
        post = bg.Post(text=text, id=pid)
        items.append((pid, post, checker.check(post)))
    return items


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory,
                report_items: list[tuple[str, bg.Post, bg.Report]]) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(format_html(report_items, lang="da", title="Test <rapport>"),
                    encoding="utf-8")
    return path


def _span(start: int, end: int, text: str) -> Span:
    return Span(start=start, end=end, utf16_start=start, utf16_end=end, text=text[start:end])


def test_highlight_cuts_overlapping_spans_into_segments() -> None:
    text = "abcdefgh"
    findings = [
        Finding(rule_id="r.one", category="tone", severity="warning", message="m",
                span=_span(1, 5, text)),
        Finding(rule_id="r.two", category="tone", severity="error", message="m",
                span=_span(3, 7, text)),
    ]
    out = highlight(text, findings, "p1")
    assert out == ('a<mark class="sev-warning" data-rule="r.one" data-f="p1f1">bc</mark>'
                   '<mark class="sev-error" data-rule="r.one r.two" data-f="p1f1 p1f2">de</mark>'
                   '<mark class="sev-error" data-rule="r.two" data-f="p1f2">fg</mark>h')


def test_everything_is_escaped_and_self_contained(report_file: Path) -> None:
    page = report_file.read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;" in page
    assert "Test &lt;rapport&gt;" in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)  # nothing fetched
    assert "@import" not in page and "url(" not in page


def _driver(width: int, height: int, profile: Path) -> Any:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                 f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


needs_browser = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="headless Chromium is not installed (apt-get install chromium chromium-driver)")


@needs_browser
def test_report_in_chromium(report_file: Path, report_items: list, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    driver = _driver(1280, 1800, tmp_path / "profile-desktop")
    try:
        driver.get(report_file.as_uri())
        js = driver.execute_script
        assert js("return document.title") == "Test <rapport>"  # the post's script never ran
        # Every post is there, with its verdict.
        verdicts = js("return [...document.querySelectorAll('article.post')]"
                      ".map(a => [a.id, a.dataset.verdict])")
        assert verdicts == [[f"p{i}", r.verdict] for i, (_, _, r) in enumerate(report_items, 1)]
        # The highlights: one mark per span, coloured by severity, naming the rule.
        marks = js("return [...document.querySelectorAll('#p1 mark')]"
                   ".map(m => [m.className, m.dataset.rule, m.textContent])")
        assert marks == [["sev-error", "itest.hype", "verdens bedste"],
                         ["sev-warning", "itest.house-name", "Nordlys energi"]]
        assert js("return document.querySelectorAll('#p4 mark.sev-warning').length") == 2
        assert js("return document.querySelectorAll('#p2 mark').length") == 0
        # Hostile text is shown as text, not run or parsed.
        assert "<script>" in js("return document.querySelector('#p3 .text').textContent")
        assert js("return document.querySelectorAll('script').length") == 0
        # A mark's colour comes from the inline CSS (severity visible without a network).
        bg_error = js("return getComputedStyle(document.querySelector('mark.sev-error'))"
                      ".backgroundColor")
        assert bg_error == "rgb(255, 205, 210)"
        # Messages and suggestions sit beside the text.
        item = js("return document.querySelector('#p1f1').textContent")
        assert "kan ingen bevise" in item and "Forslag: gode" in item
        # The summary counts and charts agree with the reports.
        total = sum(len(r.findings) for _, _, r in report_items)
        assert js("return document.querySelector('[data-count=findings] b').textContent") \
            == str(total)
        bars = js("return [...document.querySelectorAll('#chart-verdicts g.row')]"
                  ".map(g => [g.dataset.label, +g.dataset.value])")
        counts = {v: sum(r.verdict == v for _, _, r in report_items) for v in ("pass", "warn",
                                                                             "block")}
        assert bars == [["godkendt", counts["pass"]], ["ret gerne", counts["warn"]],
                        ["blokeret", counts["block"]]]
        assert js("return document.querySelectorAll('#summary svg').length") == 4
        # The editor's shortcuts: every blocked post is linked from the summary.
        blocked = [f"#p{i}" for i, (_, _, r) in enumerate(report_items, 1)
                   if r.verdict == "block"]
        assert js("return [...document.querySelectorAll('nav.toc .toc-block a')]"
                  ".map(a => a.getAttribute('href'))") == blocked
        rule_bar = js("return document.querySelector('#chart-rules g.row[data-label=\"itest.house-name\"] rect')"
                      ".getBBox().width")
        assert rule_bar > 0
        driver.save_screenshot(str(ARTIFACTS / "html-report-desktop.png"))
        # Desktop: findings beside the text.
        text_box = js("return document.querySelector('#p1 .text').getBoundingClientRect().toJSON()")
        list_box = js("return document.querySelector('#p1 ol.findings').getBoundingClientRect().toJSON()")
        assert list_box["left"] >= text_box["right"]
    finally:
        driver.quit()


@needs_browser
def test_report_reads_on_a_phone(report_file: Path, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    driver = _driver(800, 900, tmp_path / "profile-phone")
    try:
        # A phone's screen (iPhone 12-15: 390 × 844 CSS pixels); a window cannot be that narrow.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
        driver.get(report_file.as_uri())
        js = driver.execute_script
        width = js("return document.documentElement.clientWidth")
        assert width <= 400
        # One column: the findings come below the text, and nothing scrolls sideways.
        text_box = js("return document.querySelector('#p1 .text').getBoundingClientRect().toJSON()")
        list_box = js("return document.querySelector('#p1 ol.findings').getBoundingClientRect().toJSON()")
        assert list_box["top"] >= text_box["bottom"]
        assert js("return document.documentElement.scrollWidth") <= width
        driver.save_screenshot(str(ARTIFACTS / "html-report-phone.png"))
    finally:
        driver.quit()


@needs_browser
def test_dump_dom_without_selenium(report_file: Path, tmp_path: Path) -> None:
    """The same file through plain ``chromium --dump-dom``: the DOM Chromium built."""
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
         report_file.as_uri()],
        capture_output=True, text=True, timeout=120, check=True)
    dom = proc.stdout
    assert dom.count('class="sev-error" data-rule="itest.hype"') == 2
    assert dom.count("<article") == len(POSTS)
    assert "<title>Test &lt;rapport&gt;</title>" in dom
