"""What a person does: prints a guidance page, and uses the site with a keyboard alone."""

import io

import pytest
from pypdf import PdfReader

from display.preferences import CONTRASTS, DisplayPreferences

from .pages import PUBLIC_PAGES, pages_split_by_database

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GUIDANCE_PAGE = "/guidance/cyber-dependent-crimes/hacking/"


@pytest.mark.database_independent
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

# A contrast as the server sends it: the class on <html> and the chosen link marked current
# (the rest of the document is the same, test_display_settings_change_only_the_html_class),
# applied in the page the way display.js applies a reader's choice.
APPLY_CONTRAST = """
(contrast, classes) => {
  document.documentElement.className = classes;
  for (const link of document.querySelectorAll("a[data-contrast]")) {
    if (link.getAttribute("data-contrast") === contrast) link.setAttribute("aria-current", "true");
    else link.removeAttribute("aria-current");
  }
}
"""
CONTRAST_CLASSES = {
    contrast: DisplayPreferences(contrast=contrast, chosen_contrast=True).html_classes
    for contrast in CONTRASTS
}

INTERACTIVE = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]"

# The controls a keyboard user should reach, in each contrast: each marked with its number,
# and the numbers of the visible, focusable ones (a group of radio buttons is one stop:
# arrow keys move within it). Contrasts with the same list are walked by Tab once.
EXPECTED_STOPS = f"""
contrasts => {{
  const applyContrast = {APPLY_CONTRAST};
  const all = [...document.querySelectorAll("{INTERACTIVE}")];
  all.forEach((e, i) => e.setAttribute("data-keyboard-test", i));
  const expected = {{}};
  for (const [contrast, classes] of Object.entries(contrasts)) {{
    applyContrast(contrast, classes);
    const radioGroups = new Set();
    expected[contrast] = all.filter(e => e.tabIndex >= 0 && e.getClientRects().length > 0
                                         && getComputedStyle(e).visibility !== 'hidden')
      .filter(e => {{
        if (e.type !== 'radio') return true;
        if (radioGroups.has(e.name)) return false;
        radioGroups.add(e.name);
        return true;
      }})
      .map(e => e.getAttribute("data-keyboard-test"));
  }}
  return expected;
}}
"""

# What has the focus after a Tab: null on the page itself, otherwise the element's identity
# and whether its focused look differs from its plain one. The plain look is the one it had
# before the first Tab, when nothing had the focus (blurring it to look again costs two more
# focus changes, each a new frame: only an element not seen then is blurred).
FOCUSED_ELEMENT = f"""
() => {{
  const element = document.activeElement;
  if (element === document.body) return null;
  window.keyboardTestElements.push(element);
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
  window.keyboardTestElements = [];
  window.addEventListener("keyup", event => {{
    if (event.key === "Tab") window.keyboardTestStops.push(focusedElement());
  }}, true);
}}
"""

# Whether the first `reached` stops of the walk show their focus in another contrast that has
# the same stops: the contrast applied with nothing focused (the plain looks), then each stop
# focused again in Tab order. Focus moved by script after keyboard focus keeps the keyboard
# focus style (:focus-visible); a stop that loses it is reported, never passed.
FOCUS_IN_ANOTHER_CONTRAST = f"""
([contrast, classes, reached]) => {{
  const applyContrast = {APPLY_CONTRAST};
  const look = {LOOK};
  const stops = window.keyboardTestElements.slice(0, reached);
  if (document.activeElement !== document.body) document.activeElement.blur();
  applyContrast(contrast, classes);
  const plain = stops.map(e => look(getComputedStyle(e)));
  return stops.map((e, i) => {{
    e.focus({{preventScroll: true}});
    const focused = look(getComputedStyle(e));
    return {{keyboard: e.matches(":focus-visible"), visible: focused !== plain[i]}};
  }});
}}
"""


def keyboard_problems(page, name):
    """Every control on the loaded page reached by Tab, with a visible focus, in every
    contrast; each problem named by its contrast and page.

    Tab order and reachability follow the document and which controls are rendered; a
    contrast changes only the <html> class (and the chosen link), so contrasts in which the
    same controls are rendered are walked by Tab once, in the first of them, and the focus
    style of each stop is then read in each of the others."""
    expected_by_contrast = page.evaluate(EXPECTED_STOPS, CONTRAST_CLASSES)
    walks = {}
    for contrast, expected in expected_by_contrast.items():
        walks.setdefault(tuple(expected), []).append(contrast)
    problems = []
    for walk, (expected, contrasts) in enumerate(walks.items()):
        walked, *others = contrasts
        if walk:  # a walk starts from a freshly loaded page, its controls marked again
            page.reload()
            page.evaluate(EXPECTED_STOPS, CONTRAST_CLASSES)
        page.evaluate(
            f"([contrast, classes]) => ({APPLY_CONTRAST})(contrast, classes)",
            [walked, CONTRAST_CLASSES[walked]],
        )
        page.evaluate(RECORD_EVERY_TAB)
        for _ in range(len(expected) + 5):
            page.keyboard.press("Tab")
        reached = []
        seen = set()
        for focused in page.evaluate("window.keyboardTestStops"):
            if focused is None or focused["identity"] in seen:
                break
            seen.add(focused["identity"])
            reached.append(focused)
        looks = {walked: reached}
        for contrast in others:
            looks[contrast] = [
                {**stop, **look}
                for stop, look in zip(
                    reached,
                    page.evaluate(
                        FOCUS_IN_ANOTHER_CONTRAST,
                        [contrast, CONTRAST_CLASSES[contrast], len(reached)],
                    ),
                    strict=True,
                )
            ]
        for contrast in contrasts:
            for stop in looks[contrast]:
                if not stop.get("keyboard", True):
                    problems.append(
                        f"{contrast} {name}: focus by script lost the keyboard focus style on "
                        f"{stop['identity'][:80]}"
                    )
                elif not stop["visible"]:
                    problems.append(
                        f"{contrast} {name}: no visible focus on {stop['identity'][:80]}"
                    )
            # The skip link is hidden until focused, so it is counted on top of visible
            # controls.
            if len(reached) < len(expected):
                problems.append(
                    f"{contrast} {name}: reached {len(reached)} of {len(expected)} controls by Tab"
                )
    return problems


KEYBOARD_VIEWPORT = {"width": 1280, "height": 900}


def keyboard_walk_page(browser, cookies=()):
    """A page for the keyboard walk, in a window minimized so that Chromium paints nothing.

    Each Tab moves the focus and scrolls it into view, and in a window on show that is a new
    frame painted, then composited: a third of the walk's CPU on the whole-guide pages
    (bench/README.md, "The keyboard walk without painting"). What the walk reads does not
    come from pixels: the focus moves by real Tab presses, the layout keeps the viewport's
    size (asserted here), whether a control is rendered comes from its boxes, and its focus
    style from its computed style."""
    context = browser.new_context(viewport=KEYBOARD_VIEWPORT)
    context.add_cookies(list(cookies))
    page = context.new_page()
    session = context.new_cdp_session(page)
    window = session.send("Browser.getWindowForTarget")["windowId"]
    session.send(
        "Browser.setWindowBounds", {"windowId": window, "bounds": {"windowState": "minimized"}}
    )
    session.detach()
    size = page.evaluate("({width: innerWidth, height: innerHeight, focused: document.hasFocus()})")
    assert size == {**KEYBOARD_VIEWPORT, "focused": True}
    return page


@pytest.mark.parametrize("pages", pages_split_by_database(PUBLIC_PAGES))
def test_every_control_is_reachable_by_tab_with_a_visible_focus(
    live_server, shipped_content, browser, pages
):
    contrast = {"name": "contrast", "value": "standard", "url": live_server.url}
    page = keyboard_walk_page(browser, cookies=[contrast])
    context = page.context
    problems = []
    for name, url in pages:
        page.goto(f"{live_server.url}{url}")
        problems += keyboard_problems(page, name)
    context.close()
    assert not problems, "\n".join(problems)


GUARD_PAGE = """<!DOCTYPE html><html lang="en" class="text-standard contrast-standard">
<title>Guard</title><style>
  a:focus-visible, button:focus-visible { outline: 3px solid; }
  .contrast-dark #faint:focus-visible, .contrast-standard #faint-in-standard { outline: none; }
  .contrast-high #no-high { display: none; }
</style>
<main><a href="#1">First</a> <a id="faint" href="#2">Faint focus in dark</a>
<button id="no-high">Not in high contrast</button>
<div inert><a href="#3">Out of reach</a></div>
<ul><li><a data-contrast="standard" href="#s">Standard</a></li>
<li><a id="faint-in-standard" data-contrast="high" href="#h">High</a></li>
<li><a data-contrast="dark" href="#d">Dark</a></li></ul></main></html>"""


@pytest.mark.database_independent
def test_the_keyboard_gate_really_reports_a_problem_in_one_contrast(browser):
    """Guards the gate itself: a focus style lost in the dark theme alone, and a control out
    of reach, are reported for the contrast they occur in; a contrast that renders other
    controls (here high contrast, one button fewer) is walked by Tab on its own."""
    page = keyboard_walk_page(browser)
    context = page.context
    page.route("http://guard.test/", lambda route: route.fulfill(body=GUARD_PAGE))
    page.goto("http://guard.test/")
    problems = keyboard_problems(page, "guard")
    context.close()
    unfocused = sorted(p.split(" <")[0] for p in problems if "no visible focus" in p)
    assert unfocused == [
        "dark guard: no visible focus on 1",
        "standard guard: no visible focus on 5",
    ]
    assert sorted(p for p in problems if "reached" in p) == [
        "dark guard: reached 6 of 7 controls by Tab",
        "high guard: reached 5 of 6 controls by Tab",
        "standard guard: reached 6 of 7 controls by Tab",
    ]


@pytest.mark.database_independent
def test_skip_link_moves_focus_to_the_main_content(live_server, shipped_content, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}{GUIDANCE_PAGE}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    assert page.evaluate("getComputedStyle(document.activeElement).left") == "0px"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


@pytest.mark.database_independent
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


@pytest.mark.database_independent
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
