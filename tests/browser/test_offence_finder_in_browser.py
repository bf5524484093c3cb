"""A prosecutor narrows the offence finder and follows an offence, with JavaScript off."""

import pytest
from playwright.sync_api import expect

from offences.models import Act, CybercrimeType, GlossaryTerm, Offence

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def offences(small_tree):
    misuse = Act.objects.create(name="Computer Misuse Act", year=1990, chapter=18)
    communications = Act.objects.create(name="Communications Act", year=2003, chapter=21)
    hacking = CybercrimeType.objects.create(
        slug="hacking", name="Hacking into accounts", category="cyber-dependent"
    )
    common = {"conduct": "Conduct.", "category": "cyber-dependent", "mode_of_trial": "either-way"}
    access = Offence.objects.create(
        slug="cma-s1",
        act=misuse,
        section="s1",
        title="Unauthorised access",
        maximum_on_summary_conviction="12 months and/or a fine (general limit)",
        maximum_on_indictment="2 years",
        longest_sentence_months=24,
        sort_order=1,
        **common,
    )
    access.cybercrime_types.add(hacking)
    access.guidance_pages.add(small_tree["hacking"])
    Offence.objects.create(
        slug="cma-s3",
        act=misuse,
        section="s3",
        title="Impairing a computer",
        maximum_on_summary_conviction="12 months and/or a fine (general limit)",
        maximum_on_indictment="10 years",
        longest_sentence_months=120,
        sort_order=2,
        **common,
    )
    Offence.objects.create(
        slug="ca-s127",
        act=communications,
        section="s127",
        title="Improper use of a network",
        conduct="Conduct.",
        category="cyber-enabled",
        mode_of_trial="summary-only",
        maximum_on_summary_conviction="6 months",
        longest_sentence_months=6,
        sort_order=3,
    )


def offence_titles(page):
    return page.locator(".offence-table tbody th").all_inner_texts()


def test_without_javascript_the_finder_filters_sorts_and_leads_to_the_guidance(
    live_server, offences, browser_page_without_js
):
    page = browser_page_without_js
    page.goto(f"{live_server.url}/offences/")
    assert offence_titles(page) == [
        "Unauthorised access",
        "Impairing a computer",
        "Improper use of a network",
    ]
    page.get_by_label("Act").select_option(label="Computer Misuse Act 1990")
    page.get_by_label("Sort by").select_option(label="Maximum penalty, highest first")
    page.get_by_role("button", name="Show offences").click()
    page.wait_for_url("**/offences/?*act=computer-misuse-act-1990*sort=maximum*")
    assert offence_titles(page) == ["Impairing a computer", "Unauthorised access"]
    assert page.get_by_label("Act").input_value() == "computer-misuse-act-1990"
    # a click waits for the next page to start loading; expect() waits until it shows
    page.get_by_role("link", name="Unauthorised access").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Unauthorised access")
    page.get_by_role("link", name="Hacking", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hacking")
    box = page.get_by_role("complementary", name="Offences on this page")
    expect(box.get_by_role("link", name="Unauthorised access")).to_be_visible()


def test_an_abbreviation_links_to_its_glossary_entry(live_server, small_tree, browser_page):
    GlossaryTerm.objects.create(
        term="Distributed denial of service",
        abbreviation="DDoS",
        definition="An attack from many computers at once.",
    )
    small_tree["hacking"].body_markdown = "A DDoS attack, then another DDoS attack."
    small_tree["hacking"].save()
    page = browser_page
    page.goto(f"{live_server.url}/guidance/cyber-dependent-crimes/hacking/")
    abbreviation = page.locator(".prose abbr")
    assert abbreviation.count() == 1
    assert abbreviation.get_attribute("title") == "Distributed denial of service"
    page.get_by_role("link", name="DDoS").click()
    page.wait_for_url("**/glossary/#ddos")
    assert page.locator("#ddos").is_visible()
