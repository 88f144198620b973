"""The editor page at ``/`` in headless Chromium (Selenium), against the real server:
type a post, see the highlights, apply a safe fix, see the text and the score change.

Chromium and chromedriver come from the Debian packages ``chromium`` and
``chromium-driver`` (``.ci/run`` installs them). The screenshot is saved in
``tests/artifacts/editor.png`` (git-ignored); docs/img/editor.png is a copy of it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import brandguard as bg

from .conftest import ThreadServer, needs_browser

pytestmark = needs_browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

POST = ("I dag monterede vi en varmepumpe hos en familie i Skive!!! De sparer nu 25% på "
        "energiregningen, og det er grøn omstilling i praksis. Tak til Nordlys energi og til "
        "kollegerne for et godt stykke arbejde. Kig forbi værkstedet i Aarhus.")
X_POST = ("Vi har åbnet et nyt værksted i Aarhus 🎉 og glæder os til at vise det frem. "
          "Læs mere på https://nordlys.dk/aarhus/vaerksted-aabning-2026 og kig forbi. " * 3)


def wait(driver: Any, condition: Any, timeout: float = 20) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def findings(driver: Any) -> list[str]:
    return [li.get_attribute("data-rule")
            for li in driver.find_elements("css selector", "#list li")]


def test_type_see_highlights_apply_a_fix(server: ThreadServer, driver: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(server.url + "/")
    area = driver.find_element(By.ID, "text")
    assert area.get_attribute("aria-label") == "Opslagets tekst"
    area.send_keys(POST)
    wait(driver, lambda d: "da.terminology" in findings(d))
    shown = set(findings(driver))
    assert shown >= {"da.percent-space", "da.terminology"}
    assert shown & {"tone.repeated-punctuation", "da.repeated-punctuation"}  # »!!!«, once
    marks = driver.find_elements(By.CSS_SELECTOR, "#backdrop mark")
    assert {m.text for m in marks} >= set() and len(marks) >= 3
    marked = driver.execute_script(
        "return Array.from(document.querySelectorAll('#backdrop mark'), m => m.textContent)")
    assert {"!!!", "25%", "Nordlys energi"} <= set(marked)
    # The "see more" fold of LinkedIn (210 characters) is marked in the text.
    assert driver.find_elements(By.CSS_SELECTOR, "#backdrop .fold")
    messages = [p.text for p in driver.find_elements(By.CSS_SELECTOR, "#list .msg")]
    expected = [f.message for f in server.service.checker.check(POST).findings]
    assert messages == expected  # in Danish, whatever language the browser asks for
    before = int(driver.find_element(By.ID, "score").text)
    assert before == server.service.checker.check(POST).score
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "editor.png"))

    # A click applies the safe fix: the text and the score change.
    driver.find_element(By.CSS_SELECTOR, 'li[data-rule="da.terminology"] button.fix').click()
    wait(driver, lambda d: "da.terminology" not in findings(d) and findings(d))
    value = area.get_attribute("value")
    assert "Nordlys Energi" in value and "Nordlys energi" not in value
    after = int(driver.find_element(By.ID, "score").text)
    assert after == server.service.checker.check(value).score and after > before

    # The keyboard works too: focus the next fix button and press Enter.
    button = driver.find_element(By.CSS_SELECTOR, 'li[data-rule="da.percent-space"] button.fix')
    assert button.get_attribute("aria-label").startswith("Ret »25%« til »25 %«")
    button.send_keys(Keys.ENTER)
    wait(driver, lambda d: "25 %" in d.find_element(By.ID, "text").get_attribute("value")
         and "da.percent-space" not in findings(d))
    verdict = driver.find_element(By.ID, "verdict")
    assert verdict.get_attribute("data-verdict") in ("pass", "warn")


def test_x_weighted_count_matches_the_rule(server: ThreadServer, driver: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver.get(server.url + "/")
    Select(driver.find_element(By.ID, "channel")).select_by_value("x")
    area = driver.find_element(By.ID, "text")
    # Set the value at once (typing 450 characters is slow) and fire the input event.
    driver.execute_script("arguments[0].value = arguments[1];"
                          "arguments[0].dispatchEvent(new Event('input'));", area, X_POST)
    wait(driver, lambda d: "format.x-weighted-length" in findings(d))
    report = server.service.checker.check(bg.Post(text=X_POST, channel="x"))
    [finding] = [f for f in report.findings if f.rule_id == "format.x-weighted-length"]
    weighed = int(re.search(r"vejer (\d+) tegn", finding.message).group(1))  # type: ignore[union-attr]
    shown = driver.find_element(By.ID, "x-weight")
    assert shown.text == f"X-vægt: {weighed} / 280"
    assert "over" in shown.get_attribute("class")
