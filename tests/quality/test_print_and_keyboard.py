"""What a person does: prints a guidance page, and uses the site with a keyboard alone."""

import io

import pytest
from pypdf import PdfReader

from .pages import PUBLIC_PAGES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.database_independent,
    pytest.mark.django_db(transaction=True),
]

GUIDANCE_PAGE = "/guidance/cyber-dependent-crimes/hacking/"


def test_a_printed_guidance_page_has_the_body_and_no_navigation(
    live_server, shipped_content, browser_page
):
    page = browser_page
    page.goto(f"{live_server.url}{GUIDANCE_PAGE}")
    body_start = page.locator(".prose p").first.inner_text()[:40]
    page.emulate_media(media="print")
    for chrome in [
        ".display-settings",
        ".section-nav",
        ".breadcrumbs",
        ".site-footer",
        ".skip-link",
    ]:
        assert page.locator(chrome).first.evaluate("e => getComputedStyle(e).display") == "none"
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert " ".join(body_start.split()) in text
    assert "Text size" not in text
    assert "Skip to main content" not in text


# How an element looks focused or not: its outline, shadow and background.
LOOK = """style => JSON.stringify({outline: style.outlineStyle + style.outlineWidth,
                               shadow: style.boxShadow, background: style.backgroundColor})"""

# What has the focus after a Tab: null on the page itself, otherwise the element's identity
# and whether its focused look differs from its plain one. The plain look is the one it had
# before the first Tab, when nothing had the focus (blurring it to look again costs two more
# focus changes, each a new frame: only an element not seen then is blurred).
FOCUSED_ELEMENT = f"""
() => {{
  const element = document.activeElement;
  if (element === document.body) return null;
  const look = {LOOK};
  const focused = look(getComputedStyle(element));
  let plain = window.keyboardTestPlainLooks.get(element);
  if (plain === undefined) {{
    element.blur();
    plain = look(getComputedStyle(element));
    element.focus();
  }}
  return {{
    identity: element.getAttribute('data-keyboard-test') + ' ' + element.outerHTML.slice(0, 120),
    visible: focused !== plain,
  }};
}}
"""

INTERACTIVE = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]"

# Where each Tab lands, recorded by the page itself as the key comes up (the focus has moved
# by then): a Tab costs one round trip to the browser, not two.
RECORD_EVERY_TAB = f"""
() => {{
  const look = {LOOK};
  const unfocused = [...document.querySelectorAll("{INTERACTIVE}")]
    .filter(e => e !== document.activeElement);
  window.keyboardTestPlainLooks = new Map(unfocused.map(e => [e, look(getComputedStyle(e))]));
  const focusedElement = {FOCUSED_ELEMENT};
  window.keyboardTestStops = [];
  window.addEventListener("keyup", event => {{
    if (event.key === "Tab") window.keyboardTestStops.push(focusedElement());
  }}, true);
}}
"""


@pytest.mark.parametrize("contrast", ["standard", "high", "dark"])
def test_every_control_is_reachable_by_tab_with_a_visible_focus(
    live_server, shipped_content, browser, contrast
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "contrast", "value": contrast, "url": live_server.url}])
    page = context.new_page()
    problems = []
    for name, url in PUBLIC_PAGES:
        page.goto(f"{live_server.url}{url}")
        expected = page.evaluate(
            f"""() => {{
                 const all = [...document.querySelectorAll("{INTERACTIVE}")];
                 all.forEach((e, i) => e.setAttribute("data-keyboard-test", i));
                 const stops = all.filter(e => e.tabIndex >= 0 && e.getClientRects().length > 0
                                        && getComputedStyle(e).visibility !== 'hidden');
                 // A group of radio buttons is one stop: arrow keys move within it.
                 const radioGroups = new Set();
                 return stops.filter(e => {{
                   if (e.type !== 'radio') return true;
                   if (radioGroups.has(e.name)) return false;
                   radioGroups.add(e.name);
                   return true;
                 }}).length;
               }}"""
        )
        page.evaluate(RECORD_EVERY_TAB)
        for _ in range(expected + 5):
            page.keyboard.press("Tab")
        reached = 0
        seen = set()
        for focused in page.evaluate("window.keyboardTestStops"):
            if focused is None or focused["identity"] in seen:
                break
            identity = focused["identity"]
            seen.add(identity)
            reached += 1
            if not focused["visible"]:
                problems.append(f"{contrast} {name}: no visible focus on {identity[:80]}")
        # The skip link is hidden until focused, so it is counted on top of visible controls.
        if reached < expected:
            problems.append(f"{contrast} {name}: reached {reached} of {expected} controls by Tab")
    context.close()
    assert not problems, "\n".join(problems)


def test_skip_link_moves_focus_to_the_main_content(live_server, shipped_content, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}{GUIDANCE_PAGE}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    assert page.evaluate("getComputedStyle(document.activeElement).left") == "0px"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_text_size_can_be_changed_with_the_keyboard_alone(
    live_server, shipped_content, browser_page_without_js
):
    page = browser_page_without_js
    page.goto(f"{live_server.url}{GUIDANCE_PAGE}")
    page.get_by_role("link", name="Largest text").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "24px"
    assert page.url.endswith(GUIDANCE_PAGE)


def test_the_whole_guide_prints_each_top_level_part_on_a_new_sheet(
    live_server, shipped_content, browser_page
):
    page = browser_page
    page.goto(f"{live_server.url}/one-page/guidance/")
    page.emulate_media(media="print")
    parts = page.locator(".whole-guide__part--level1")
    assert parts.count() >= 5
    breaks = parts.evaluate_all("parts => parts.map(p => getComputedStyle(p).breakBefore)")
    assert set(breaks) == {"page"}
    assert page.locator(".whole-guide__contents").is_visible()  # contents kept on paper
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(pdf.pages) > parts.count()
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "Annex A" in text and "Text size" not in text
