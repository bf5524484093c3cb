"""The shipped content: the whole CPS contents list, published, accurate in form, no
placeholders, and every internal link pointing at a real page."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from guidance.models import GuidancePage

from .content import run_import

pytestmark = pytest.mark.django_db

# The CPS cybercrime guidance contents list, in order, as paths on this site.
CPS_CONTENTS = [
    ("guidance/introduction", "Introduction"),
    ("guidance/understanding-cybercrime", "Understanding cybercrime"),
    ("guidance/definition-of-cybercrime", "Definition of cybercrime"),
    ("guidance/cyber-dependent-crimes", "Cyber-dependent crimes"),
    ("guidance/cyber-dependent-crimes/hacking", "Hacking"),
    ("guidance/cyber-dependent-crimes/disruption-of-computer-functionality", "Disruption"),
    ("guidance/cyber-dependent-crimes/offences-and-legislation", "Offences and legislation"),
    ("guidance/cyber-enabled-crimes", "Cyber-enabled crimes"),
    ("guidance/cyber-enabled-crimes/economic-related-cybercrime", "Economic related"),
    ("guidance/cyber-enabled-crimes/online-marketplaces-for-illegal-items", "Online marketplaces"),
    ("guidance/cyber-enabled-crimes/malicious-and-offensive-communications", "Malicious"),
    ("guidance/cyber-enabled-crimes/offences-targeting-individuals", "Offences that specifically"),
    ("guidance/cyber-enabled-crimes/child-sexual-offences-and-indecent-images", "Child sexual"),
    ("guidance/cyber-enabled-crimes/extreme-pornography-and-obscene-publications", "Extreme"),
    ("guidance/practice-and-operational-advice", "Practice and operational advice"),
    ("guidance/practice-and-operational-advice/digital-evidence-gathering", "Digital evidence"),
    ("guidance/practice-and-operational-advice/case-management", "Case management"),
    ("guidance/practice-and-operational-advice/disclosure-management", "Disclosure management"),
    ("guidance/practice-and-operational-advice/jurisdiction", "Jurisdiction"),
    ("guidance/practice-and-operational-advice/international-enquiries", "International"),
    ("guidance/practice-and-operational-advice/joint-investigation-teams", "Joint investigation"),
    ("guidance/practice-and-operational-advice/further-assistance", "Further assistance"),
    ("guidance/annex-a", "Annex A"),
    ("guidance/annex-b", "Annex B"),
    ("guidance/annex-c", "Annex C"),
]
OFFENCE_PAGES = [
    path
    for path, _ in CPS_CONTENTS
    if path.count("/") == 2 and "practice-and-operational-advice" not in path
]
PUBLIC_CRIME_TYPES = "advice/types-of-cybercrime"
SECTION_REFERENCE = re.compile(r"\b(section|s)\s?\d+[A-Z]*\b", re.IGNORECASE)
ACT_REFERENCE = re.compile(r"\b[A-Z][A-Za-z,() ]+ Act \d{4}\b")
PLACEHOLDER = re.compile(r"\b(TODO|TBC|TBD|lorem|ipsum|placeholder|FIXME|XXX)\b", re.IGNORECASE)
INTERNAL_LINK = re.compile(r'href="(/[^"#?]*)')


def content_files():
    return sorted(Path(settings.CONTENT_DIR).rglob("*.md"))


def test_every_page_in_the_cps_contents_list_exists_and_is_published(shipped_content):
    for path, title_start in CPS_CONTENTS:
        assert path in shipped_content, f"{path} is missing"
        page = shipped_content[path]
        assert page.is_published, f"{path} is not published"
        assert page.title.startswith(title_start), (path, page.title)


def test_the_contents_list_is_in_the_cps_order(shipped_content):
    ordered = list(
        GuidancePage.objects.filter(tree_id=shipped_content["guidance"].tree_id)
        .exclude(path="guidance")
        .order_by("lft")
        .values_list("path", flat=True)
    )
    assert ordered == [path for path, _ in CPS_CONTENTS]


def test_each_offence_page_names_an_act_and_a_section(shipped_content):
    for path in OFFENCE_PAGES:
        text = shipped_content[path].body_markdown
        assert ACT_REFERENCE.search(text), f"{path} names no Act"
        assert SECTION_REFERENCE.search(text), f"{path} names no section"


def test_guidance_pages_are_substantial_with_headings_for_the_contents_list(shipped_content):
    for path, _ in CPS_CONTENTS:
        page = shipped_content[path]
        if path.startswith("guidance/annex-"):
            assert "<table>" in page.body_html, f"{path} has no table"
            continue
        assert len(page.body_markdown.split()) >= 250, f"{path} is under 250 words"
        assert any(h["level"] == 2 for h in page.headings), f"{path} has no h2"
        assert any(h["level"] == 3 for h in page.headings), f"{path} has no h3"


def test_the_glossary_has_at_least_forty_entries(shipped_content):
    rows = shipped_content["guidance/annex-c"].body_html.count("<tr>")
    header_rows = shipped_content["guidance/annex-c"].body_html.count("<thead>")
    assert rows - header_rows >= 40


def test_the_public_section_covers_at_least_twelve_types_of_cybercrime(shipped_content):
    types = [p for p in shipped_content if p.startswith(f"{PUBLIC_CRIME_TYPES}/")]
    assert len(types) >= 12
    for path in types:
        headings = [h["text"] for h in shipped_content[path].headings]
        for required in (
            "What it is",
            "Warning signs",
            "What to do now",
            "Which offences can apply",
        ):
            assert required in headings, f"{path} lacks '{required}'"
        assert "/guidance/" in shipped_content[path].body_markdown, f"{path} links no guidance"


def test_the_public_section_has_its_core_pages(shipped_content):
    for path in (
        "advice",
        "advice/cybercrime-explained",
        "advice/protect-yourself",
        "advice/online-safety-act",
        "advice/reporting-cybercrime",
        "advice/support-for-victims",
    ):
        assert shipped_content[path].is_published, path


def test_the_reporting_page_gives_the_real_routes(shipped_content):
    text = shipped_content["advice/reporting-cybercrime"].body_markdown
    for route in ("999", "101", "0300 123 2040", "report@phishing.gov.uk", "7726", "CEOP"):
        assert route in text, route


def test_the_help_pages_give_the_checked_numbers_for_each_service(shipped_content):
    reporting = shipped_content["advice/reporting-cybercrime"].body_markdown
    support = shipped_content["advice/support-for-victims"].body_markdown
    for number in (
        "159",
        "0345 6000 459",  # Revenge Porn Helpline
        "0800 1111",  # Childline
        "0808 2000 247",  # National Domestic Abuse Helpline
        "0808 802 0300",  # National Stalking Helpline
        "72 hours",  # a personal data breach, to the ICO
        "7 October 2024",  # APP scam reimbursement
    ):
        assert number in reporting, number
    for number in ("08 08 16 89 111", "116 123", "Victims' Right to Review", "Victims' Code"):
        assert number in support, number


def test_every_advice_page_says_once_that_it_describes_the_law_in_england_and_wales():
    # The Welsh version (name.cy.md) says it in Welsh.
    sentence = {
        "en": "describes the law in England and Wales",
        "cy": "disgrifio'r gyfraith yng Nghymru a Lloegr",
    }
    for file in sorted((Path(settings.CONTENT_DIR) / "advice").rglob("*.md")):
        text = file.read_text(encoding="utf-8")
        language = "cy" if file.name.endswith(".cy.md") else "en"
        assert text.count(sentence[language]) == 1, file


def test_no_page_is_a_placeholder():
    for file in content_files():
        match = PLACEHOLDER.search(file.read_text(encoding="utf-8"))
        assert match is None, f"{file}: '{match.group(0)}'"


def test_every_internal_link_in_the_content_resolves_to_a_page(shipped_content):
    client = Client()
    broken = []
    for page in shipped_content.values():
        for target in set(INTERNAL_LINK.findall(page.body_html)):
            if client.get(target).status_code != 200:
                broken.append(f"/{page.path}/ -> {target}")
    assert not broken, "\n".join(broken)


def test_every_shipped_page_is_served(shipped_content):
    client = Client()
    for page in shipped_content.values():
        assert client.get(page.get_absolute_url()).status_code == 200, page.path


def test_the_shipped_content_fixture_holds_exactly_what_the_import_writes(shipped_content, client):
    """The fixture copies the rows of one real import (tests/content.py): importing the same
    files again finds nothing to create, update or remove, and search finds the pages."""
    report = run_import()
    counts = re.findall(r"(\d+) (created|updated|removed)", report)
    assert counts and all(number == "0" for number, _ in counts), report
    assert "unchanged" in report
    response = client.get("/search/?q=hacking")
    assert 'href="/guidance/cyber-dependent-crimes/hacking/"' in response.text
