"""JSON-LD blocks are data: under the site's strict CSP a browser reads them and reports no
violation (they are never run, so script-src does not apply to them)."""

import json

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_json_ld_blocks_cause_no_csp_violation(live_server, small_tree, browser_page):
    page = browser_page
    page.add_init_script(
        "window.cspViolations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    response = page.goto(f"{live_server.url}{small_tree['hacking'].get_absolute_url()}")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    blocks = page.locator('script[type="application/ld+json"]').all_text_contents()
    assert [json.loads(block)["@type"] for block in blocks] == ["BreadcrumbList", "Article"]
    page.wait_for_load_state("load")
    assert page.evaluate("window.cspViolations") == []
    # The listener really hears violations: an inline script added now is blocked.
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = 1'; document.head.append(s); }"
    )
    page.wait_for_function("window.cspViolations.length > 0")
    assert page.evaluate("window.ran") is None
