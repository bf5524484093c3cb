"""Annexes A, B and C are built from the data when a page is saved, and rebuilt when the
data changes, so they can never disagree with the offence pages."""

import re
from html.parser import HTMLParser

import pytest

from guidance.rendering import render_markdown
from offences.models import Offence
from search.models import SearchDocument

pytestmark = pytest.mark.django_db

ANNEX_A = "Intro.\n\n## Offences\n\n[[offence-table: cyber-dependent]]\n"


class TableReader(HTMLParser):
    """The rows of every table: each a list of cell texts."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.in_cell, self.captions, self.in_caption = [], [], False, [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in {"td", "th"}:
            self.in_cell, self.cell = True, []
        elif tag == "caption":
            self.in_caption, self.cell = True, []

    def handle_endtag(self, tag):
        if tag in {"td", "th"}:
            self.rows[-1].append("".join(self.cell).strip())
            self.in_cell = False
        elif tag == "caption":
            self.captions.append("".join(self.cell).strip())
            self.in_caption = False

    def handle_data(self, data):
        if self.in_cell or self.in_caption:
            self.cell.append(data)


def read_tables(html):
    reader = TableReader()
    reader.feed(html)
    return reader


@pytest.fixture
def offence_data(make_type, make_offence, make_act):
    hacking = make_type("hacking", sort_order=1)
    disruption = make_type("disruption", sort_order=2)
    fraud = make_type("fraud", category="cyber-enabled", sort_order=3)
    return {
        "s1": make_offence("s1", "Unauthorised access", types=[hacking]),
        "s3": make_offence(
            "s3",
            "Impairing a computer",
            types=[disruption, hacking],
            maximum_on_indictment="10 years",
            longest_sentence_months=120,
        ),
        "fraud": make_offence(
            "s1",
            "Fraud",
            act=make_act("Fraud Act", 2006, 35),
            slug="fraud-act-2006-s1",
            category="cyber-enabled",
            types=[fraud],
            maximum_on_indictment="10 years",
            longest_sentence_months=120,
        ),
    }


def test_annex_a_lists_each_cyber_dependent_type_against_its_offences(offence_data):
    tables = read_tables(render_markdown(ANNEX_A).html)
    assert tables.captions == ["Cyber-dependent offences by type of cybercrime"]
    header, *rows = tables.rows
    assert header == ["Cybercrime type", "Offence", "Act and section", "Where tried", "Maximum"]
    s1, s3 = "Computer Misuse Act 1990, s1", "Computer Misuse Act 1990, s3"
    assert rows == [
        ["Hacking", "Unauthorised access", s1, "Either way", "2 years"],
        ["Hacking", "Impairing a computer", s3, "Either way", "10 years"],
        ["Disruption", "Impairing a computer", s3, "Either way", "10 years"],
    ]


def test_annex_b_holds_only_cyber_enabled_types(offence_data):
    rows = read_tables(render_markdown("[[offence-table: cyber-enabled]]").html).rows[1:]
    assert rows == [["Fraud", "Fraud", "Fraud Act 2006, s1", "Either way", "10 years"]]


def test_each_offence_in_the_annex_links_to_its_page_as_a_row_header(offence_data):
    html = render_markdown(ANNEX_A).html
    url = offence_data["s1"].get_absolute_url()
    assert f'<th scope="row"><a href="{url}">Unauthorised access</a></th>' in html
    assert '<div class="table-scroll" role="region" tabindex="0"' in html


def test_a_summary_only_offence_shows_its_summary_maximum(make_type, make_offence):
    make_offence(
        "s127",
        "Improper use of a network",
        types=[make_type("messages")],
        mode_of_trial="summary-only",
        maximum_on_summary_conviction="6 months",
        maximum_on_indictment="",
        longest_sentence_months=6,
    )
    row = read_tables(render_markdown(ANNEX_A).html).rows[1]
    assert row[3:] == ["Summary only", "6 months"]


def test_an_unknown_marker_stays_visible_for_the_editor_to_fix(offence_data):
    html = render_markdown("[[offence-table: cyber-enbled]]\n\n[[glosary-table: terms]]").html
    assert "<table" not in html
    assert "[[offence-table: cyber-enbled]]" in html


def test_a_marker_with_no_data_yet_says_so(db):
    assert "No offences are recorded here yet." in render_markdown(ANNEX_A).html


def test_the_glossary_tables_of_annex_c(glossary):
    html = render_markdown("[[glossary-table: abbreviations]]\n\n[[glossary-table: terms]]").html
    tables = read_tables(html)
    assert tables.captions == ["Abbreviations", "Terms"]
    assert tables.rows == [
        ["Abbreviation", "In full", "Meaning"],
        ["DDoS", "Distributed denial of service", "An attack from many computers at once."],
        ["DoS", "Denial of service", ""],
        ["IP", "Internet Protocol", ""],
        ["Term", "Meaning"],
        ["Malware", "Malicious software."],
    ]


def test_changing_an_offence_rebuilds_the_annex_page_and_its_search_document(
    make_page, offence_data
):
    annex = make_page("Annex A", body=ANNEX_A)
    offence = offence_data["s1"]
    offence.maximum_on_indictment = "3 years"
    offence.longest_sentence_months = 36
    offence.save()
    annex.refresh_from_db()
    assert "<td>3 years</td>" in annex.body_html
    document = SearchDocument.objects.get(kind="guidance", object_id=str(annex.pk))
    assert "3 years" in document.body


def test_adding_a_type_to_an_offence_or_deleting_one_rebuilds_the_annex(
    make_page, make_type, offence_data
):
    annex = make_page("Annex A", body=ANNEX_A)
    offence_data["s1"].cybercrime_types.add(make_type("data-theft", sort_order=9))
    annex.refresh_from_db()
    assert "<td>Data theft</td>" in annex.body_html
    Offence.objects.get(pk=offence_data["s3"].pk).delete()
    annex.refresh_from_db()
    assert "Impairing a computer" not in annex.body_html


def test_pages_without_a_marker_are_left_alone_when_offences_change(make_page, offence_data):
    page = make_page("Hacking", body="About hacking.")
    html_before = page.body_html
    offence_data["s1"].save()
    page.refresh_from_db()
    assert page.body_html == html_before


def test_table_rows_and_offence_count_agree(offence_data):
    html = render_markdown(ANNEX_A).html
    links = set(re.findall(r'<a href="(/offences/[^"]+)"', html))
    expected = {
        offence.get_absolute_url()
        for offence in Offence.objects.filter(cybercrime_types__category="cyber-dependent")
    }
    assert links == expected
