"""The shipped offence data and glossary: the annexes agree with it, every offence names
the pages that discuss it, and every offence page of the guidance has its offences."""

import pytest

from offences.models import Category, CybercrimeType, GlossaryTerm, ModeOfTrial, Offence

from .test_annex_tables import read_tables

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "category"),
    [("guidance/annex-a", Category.CYBER_DEPENDENT), ("guidance/annex-b", Category.CYBER_ENABLED)],
)
def test_annexes_a_and_b_are_the_offence_data(shipped_content, path, category):
    rows = read_tables(shipped_content[path].body_html).rows[1:]
    expected = [
        [
            crime_type.name,
            offence.title,
            offence.citation,
            offence.get_mode_of_trial_display(),
            offence.maximum,
        ]
        for crime_type in CybercrimeType.objects.filter(category=category)
        for offence in crime_type.offences.select_related("act")
    ]
    assert rows == expected
    assert len(rows) >= 9


def test_annex_c_is_the_glossary(shipped_content):
    tables = read_tables(shipped_content["guidance/annex-c"].body_html)
    abbreviations = [row[0] for row in tables.rows if len(row) == 3][1:]
    terms = [row[0] for row in tables.rows if len(row) == 2][1:]
    assert abbreviations == list(
        GlossaryTerm.objects.exclude(abbreviation="").values_list("abbreviation", flat=True)
    )
    assert terms == list(
        GlossaryTerm.objects.filter(abbreviation="").values_list("term", flat=True)
    )
    assert len(abbreviations) + len(terms) >= 40


def test_every_offence_is_in_an_annex_and_on_a_public_guidance_page(shipped_content):
    for offence in Offence.objects.prefetch_related("cybercrime_types", "guidance_pages"):
        assert offence.cybercrime_types.exists(), offence
        pages = list(offence.guidance_pages.all())
        assert pages and all(page.is_published for page in pages), offence


def test_every_offence_page_of_the_guidance_shows_its_offences(shipped_content, client):
    for path in (
        "guidance/cyber-dependent-crimes/hacking",
        "guidance/cyber-dependent-crimes/disruption-of-computer-functionality",
        "guidance/cyber-enabled-crimes/economic-related-cybercrime",
        "guidance/cyber-enabled-crimes/malicious-and-offensive-communications",
        "guidance/cyber-enabled-crimes/offences-targeting-individuals",
        "guidance/cyber-enabled-crimes/child-sexual-offences-and-indecent-images",
        "guidance/cyber-enabled-crimes/extreme-pornography-and-obscene-publications",
    ):
        assert "Offences on this page" in client.get(f"/{path}/").text, path


def test_the_modes_of_trial_and_maximums_hang_together(shipped_content):
    for offence in Offence.objects.all():
        offence.full_clean()  # the same checks as the import and the admin
        if offence.mode_of_trial == ModeOfTrial.EITHER_WAY:
            assert offence.maximum_on_summary_conviction and offence.maximum_on_indictment


def test_the_first_use_of_an_abbreviation_is_marked_on_shipped_pages(shipped_content):
    html = shipped_content[
        "guidance/cyber-dependent-crimes/disruption-of-computer-functionality"
    ].body_html
    assert '<a class="abbreviation" href="/glossary/#ddos"><abbr title=' in html
    assert html.count('href="/glossary/#ddos"') == 1
