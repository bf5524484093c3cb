"""WCAG 2.2 AA: axe-core in Chromium on every public page type, in every display setting.

The server renders the same document for every text size and contrast except for the class
on <html> (test_display_settings_change_only_the_html_class proves it). So each page is
loaded once with the full WCAG rule set, then every combination of text size and theme is
applied the way the server applies it (the <html> class, or the device's colour scheme and
contrast preference) and the rules that depend on presentation run again.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from display.preferences import CONTRASTS, TEXT_SIZES, DisplayPreferences

from .cascade import CASCADE
from .pages import (
    NOT_FOUND_URL,
    PUBLIC_PAGES,
    each_page_marked_by_database,
    pages_split_by_database,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PRESENTATION_RULES = [
    "color-contrast",
    "link-in-text-block",
    "target-size",
    "scrollable-region-focusable",
    "avoid-inline-spacing",
]
AXE = Axe()

# (label, preferences as the server would read them, the device's media features)
DISPLAY_COMBINATIONS = [
    (f"{size}/{contrast}", DisplayPreferences(size, contrast, chosen_contrast=True), {})
    for size in TEXT_SIZES
    for contrast in CONTRASTS
] + [
    (f"{size}/device-{scheme}", DisplayPreferences(size), media)
    for size in TEXT_SIZES
    for scheme, media in [
        ("light", {"color_scheme": "light"}),
        ("dark", {"color_scheme": "dark"}),
        ("more-contrast", {"color_scheme": "light", "contrast": "more"}),
    ]
]


def axe_violations(page, options):
    """Every violation axe finds, each node in full. Only violations fail a page, so axe is
    told not to build selectors and details for every passing node (its resultTypes
    option), and only the violations come back from the browser."""
    violations = page.evaluate(
        "options => axe.run(document, options).then(results => results.violations)",
        {**options, "resultTypes": ["violations"]},
    )
    return [
        f"{violation['id']}: {node['target']} {node.get('failureSummary', '')[:200]}"
        for violation in violations
        for node in violation["nodes"]
    ]


def axe_failures_in_every_display_setting(page):
    """Every WCAG rule in the standard setting, then the rules a display setting can break
    (contrast, reflow) in each text size and theme, each failure named by its setting.

    A setting in which the page's CSS applies exactly as in one already checked (cascade.py)
    renders identically, so it is not checked again: it has that setting's failures, each
    named by both. The full run includes the presentation rules, so it checks them in the
    standard setting."""
    page.evaluate(AXE.axe_script)
    full_rules = page.evaluate("tags => axe.getRules(tags).map(rule => rule.ruleId)", WCAG_TAGS)
    assert set(PRESENTATION_RULES) <= set(full_rules)
    full_run = axe_violations(page, {"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    failures = [f"standard: {v}" for v in full_run]
    checked = {page.evaluate(CASCADE): ("standard", presentation_failures(full_run))}
    for label, preferences, media in DISPLAY_COMBINATIONS:
        apply_display(page, preferences, media)
        cascade = page.evaluate(CASCADE)
        if cascade is not None and cascade in checked:
            twin, found = checked[cascade]
            failures.extend(f"{label} (renders as {twin}): {v}" for v in found)
            continue
        found = axe_violations(page, {"runOnly": {"type": "rule", "values": PRESENTATION_RULES}})
        if cascade is not None:
            checked[cascade] = (label, found)
        failures.extend(f"{label}: {v}" for v in found)
    return failures


def presentation_failures(violations):
    return [v for v in violations if v.split(":", 1)[0] in PRESENTATION_RULES]


def apply_display(page, preferences, media):
    """The setting as the server sends it: the <html> class (display.js swaps it the same way
    when a reader chooses), and the device's colour scheme and contrast preference."""
    page.emulate_media(
        color_scheme=media.get("color_scheme", "light"),
        contrast=media.get("contrast", "no-preference"),
    )
    page.evaluate(
        "classes => { document.documentElement.className = classes; }",
        preferences.html_classes,
    )


@pytest.fixture
def crawl_page(live_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield lambda url: page.goto(f"{live_server.url}{url}") and page
    context.close()


@pytest.mark.parametrize(
    ("name", "url"),
    each_page_marked_by_database([*PUBLIC_PAGES, ("page not found", NOT_FOUND_URL)]),
    ids=lambda v: v,
)
def test_public_page_passes_axe_in_every_text_size_and_theme(
    shipped_content, crawl_page, name, url
):
    page = crawl_page(url)
    assert page is not None
    status = page.evaluate("performance.getEntriesByType('navigation')[0].responseStatus")
    assert status == (404 if url == NOT_FOUND_URL else 200)
    failures = axe_failures_in_every_display_setting(page)
    assert not failures, f"{name} {url}\n" + "\n".join(failures)


def test_display_settings_change_only_the_html_class(client, shipped_content):
    """Why the per-combination check above equals loading each combination from the server."""

    def without_html_class(html):
        html = re.sub(r'<html lang="en-GB" class="[^"]*">', "<html>", html)
        return html.replace(' aria-current="true"', "")  # which setting is chosen

    baseline = without_html_class(client.get("/guidance/introduction/").text)
    for size in TEXT_SIZES:
        for contrast in CONTRASTS:
            client.cookies["text_size"] = size
            client.cookies["contrast"] = contrast
            html = client.get("/guidance/introduction/").text
            assert without_html_class(html) == baseline


# Every computed property of every element and of every pseudo-element the page generates
# (custom properties too), as an index into the snapshots taken so far on this page: equal
# indexes, identical styles.
EVERY_COMPUTED_STYLE = """
() => {
  const custom = new Set();
  for (const sheet of document.styleSheets) {
    const walk = rules => { for (const rule of rules) {
      if (rule.cssRules) walk(rule.cssRules);
      if (rule.style) for (const name of rule.style) if (name.startsWith('--')) custom.add(name);
    } };
    walk(sheet.cssRules);
  }
  const parts = [];
  for (const element of document.querySelectorAll('*')) {
    const listItem = getComputedStyle(element).display.includes('list-item');
    for (const pseudo of [null, '::before', '::after', '::marker']) {
      const style = getComputedStyle(element, pseudo);
      const generated = pseudo === '::marker' ? listItem : style.content !== 'none';
      if (pseudo && !generated) continue;
      for (const name of [...style, ...custom]) parts.push(style.getPropertyValue(name));
    }
  }
  const snapshot = parts.join('|');
  window.styleSnapshots = window.styleSnapshots || [];
  const index = window.styleSnapshots.indexOf(snapshot);
  return index >= 0 ? index : window.styleSnapshots.push(snapshot) - 1;
}
"""


@pytest.mark.database_independent
def test_settings_described_alike_have_identical_computed_styles(shipped_content, crawl_page):
    """Why the gate above checks a setting described like one already checked only once
    (cascade.py): on a real page, every computed style is the same in both (compared in the
    standard text size: a full comparison costs seconds); and the description tells apart the
    settings that differ (each text size, each chosen colour)."""
    page = crawl_page("/guidance/introduction/")
    styles_by_description = {}
    chosen = []
    settings = [("standard", DisplayPreferences(), {}), *DISPLAY_COMBINATIONS]
    for label, preferences, media in settings:
        apply_display(page, preferences, media)
        description = page.evaluate(CASCADE)
        assert description is not None, label
        if preferences.text_size == "standard":
            styles = page.evaluate(EVERY_COMPUTED_STYLE)
            styles_by_description.setdefault(description, {})[label] = styles
        if preferences.chosen_contrast:
            chosen.append(description)
    for twins in styles_by_description.values():
        assert len(set(twins.values())) == 1, f"described alike, styled apart: {twins}"
    assert any(len(twins) > 1 for twins in styles_by_description.values())
    assert len(set(chosen)) == len(TEXT_SIZES) * len(CONTRASTS)


@pytest.mark.parametrize("pages", pages_split_by_database(PUBLIC_PAGES))
def test_pages_reflow_on_a_small_phone_without_sideways_scrolling(
    live_server, shipped_content, browser, pages
):
    """WCAG 1.4.10: at 320 CSS pixels wide, with the largest text, nothing scrolls sideways."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    context.add_cookies([{"name": "text_size", "value": "largest", "url": live_server.url}])
    page = context.new_page()
    too_wide = []
    for name, url in pages:
        page.goto(f"{live_server.url}{url}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide.append(f"{name} {url}: {width}px wide")
    context.close()
    assert not too_wide, "\n".join(too_wide)


@pytest.mark.database_independent
def test_axe_really_reports_a_violation(browser):
    """Guards the gate itself: text too faint to read must fail, in full and by rule."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        '<!DOCTYPE html><html lang="en"><title>Faint</title>'
        '<main><p style="color: #ccc; background: #fff">Hard to read.</p></main></html>'
    )
    page.evaluate(AXE.axe_script)
    by_tag = axe_violations(page, {"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    by_rule = axe_violations(page, {"runOnly": {"type": "rule", "values": PRESENTATION_RULES}})
    context.close()
    assert any(violation.startswith("color-contrast: ") for violation in by_tag)
    assert any(violation.startswith("color-contrast: ") for violation in by_rule)


PHONE_PAGES = [
    ("home", "/"),
    ("guidance page", "/guidance/cyber-dependent-crimes/hacking/"),
    ("advice page with Exit this page", "/advice/types-of-cybercrime/sextortion/"),
]


@pytest.mark.database_independent
@pytest.mark.parametrize(("name", "url"), PHONE_PAGES, ids=lambda v: v)
def test_the_phone_layout_passes_axe_in_every_text_size_and_theme(
    live_server, shipped_content, browser, name, url
):
    """The narrow-screen layout (display settings in a disclosure, opened here, the search
    link, the short breadcrumbs) has its own styles: axe checks them at 390 px wide."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}{url}")
    page.locator(".display-settings summary").click()
    failures = axe_failures_in_every_display_setting(page)
    context.close()
    assert not failures, f"{name} {url} at 390 px\n" + "\n".join(failures)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_sign_in_lockout_page_passes_axe(settings, crawl_page, scheme):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    page = crawl_page("/admin/login/")
    page.emulate_media(color_scheme=scheme)
    for _ in range(settings.SIGN_IN_LOCKOUTS[0][1]):
        page.fill("#id_username", "nobody")
        page.fill("#id_password", "wrong")
        page.click("input[type=submit]")
    assert page.locator("h1").inner_text() == "Too many failed sign-ins"
    page.evaluate(AXE.axe_script)
    failures = axe_violations(page, {"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert not failures, "\n".join(failures)
