"""The 410 Gone page of a deleted guidance page joins the quality gates: valid HTML and
axe's WCAG rules."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from guidance.models import GuidancePage

from .pages import GONE_PATH

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def deleted_page(shipped_content):
    GuidancePage.objects.get(path=GONE_PATH).delete()
    return f"/{GONE_PATH}/"


@pytest.mark.django_db
def test_the_gone_page_is_valid_html(client, deleted_page, vnu, tmp_path):
    response = client.get(deleted_page)
    assert response.status_code == 410
    errors = vnu([("gone", response.text)], tmp_path)
    assert not errors, errors


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_gone_page_passes_axe(live_server, deleted_page, browser_page):
    response = browser_page.goto(f"{live_server.url}{deleted_page}")
    assert response.status == 410
    results = Axe().run(browser_page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()
