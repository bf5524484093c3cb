"""The pipeline marks the first use of each glossary abbreviation on a page, and pages are
re-rendered when the glossary changes."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from guidance.models import GuidancePage
from guidance.rendering import render_markdown
from offences.models import GlossaryTerm
from publications.models import NewsItem, ProsecutionGuidance
from search.models import SearchDocument

pytestmark = pytest.mark.django_db

MARKED = re.compile(
    r'<a class="abbreviation" href="([^"]+)"><abbr title="([^"]+)">(\w+)</abbr></a>'
)


def marked(html):
    return MARKED.findall(html)


def test_first_use_of_an_abbreviation_links_to_its_glossary_entry(glossary):
    html = render_markdown("A DDoS attack. Another DDoS attack.").html
    assert marked(html) == [("/glossary/#ddos", "Distributed denial of service", "DDoS")]
    assert html.count("DDoS") == 2


def test_each_abbreviation_is_marked_once_in_reading_order(glossary):
    html = render_markdown("A DoS attack.\n\n- an IP address\n- a DoS again and IP again").html
    assert [abbreviation for _, _, abbreviation in marked(html)] == ["DoS", "IP"]
    assert html.index("DoS") < html.index("IP")


def test_once_every_abbreviation_is_marked_the_rest_of_the_page_is_left_as_written(glossary):
    abbreviations = sorted(
        GlossaryTerm.objects.exclude(abbreviation="").values_list("abbreviation", flat=True)
    )
    words = " and ".join(abbreviations)
    html = render_markdown(f"{words}.\n\n- {words}\n- *{words}*\n\n{words}").html
    assert [abbreviation for _, _, abbreviation in marked(html)] == abbreviations
    assert html.count("<abbr") == len(abbreviations) > 1
    assert html.count(abbreviations[0]) == 4  # written four times, marked once


def test_once_every_abbreviation_a_body_holds_is_marked_no_more_text_is_searched(
    glossary, monkeypatch
):
    """Searching each text of a long page was a tenth of rendering it: the texts after the
    first use of the last abbreviation the body holds, and every text of a body holding
    none, are left as written without being searched."""
    from offences.markup import FirstUseOfAbbreviations

    searched = []
    split = FirstUseOfAbbreviations._split
    monkeypatch.setattr(
        FirstUseOfAbbreviations,
        "_split",
        lambda self, text: searched.append(text) or split(self, text),
    )
    plain = "\n\n".join(f"Paragraph {number} has no abbreviation." for number in range(20))
    html = render_markdown(f"A DDoS attack.\n\n{plain}\n\n## About DoS\n\nA DoS attack.").html
    assert [abbreviation for _, _, abbreviation in marked(html)] == ["DDoS", "DoS"]
    assert "Paragraph 19 has no abbreviation." in searched  # DoS was still to be marked

    searched.clear()
    html = render_markdown(f"A DDoS attack.\n\n{plain}").html
    assert [abbreviation for _, _, abbreviation in marked(html)] == ["DDoS"]
    assert searched == ["A DDoS attack.", " attack."]  # (the text after the new link)

    searched.clear()
    assert render_markdown(plain).html.count("<p>") == 20
    assert searched == []


def test_whole_words_only_and_letter_case_as_written(glossary):
    html = render_markdown("IPv6 and SHIP and dos and ddos and DDoSing; a DoS-style attack").html
    assert [abbreviation for _, _, abbreviation in marked(html)] == ["DoS"]
    assert "DDoSing" in html and "IPv6" in html


@pytest.mark.parametrize(
    "markdown_source",
    [
        "## What a DDoS is\n\nText.",
        "See [the DDoS page](/guidance/).",
        "Run `DDoS` in code.",
        "```\nDDoS in a code block\n```",
    ],
)
def test_never_inside_headings_links_or_code(glossary, markdown_source):
    assert marked(render_markdown(markdown_source).html) == []


def test_a_use_inside_a_heading_does_not_stop_the_first_use_in_the_text(glossary):
    html = render_markdown("## About DDoS\n\nA DDoS attack.").html
    assert marked(html) == [("/glossary/#ddos", "Distributed denial of service", "DDoS")]
    assert '<h2 id="about-ddos">About DDoS</h2>' in html


def test_abbreviations_in_tables_and_emphasis_are_marked(glossary):
    html = render_markdown("| Attack |\n|---|\n| a *DDoS* |\n").html
    assert '<em><a class="abbreviation"' in html


def test_no_glossary_means_no_markup(db):
    assert "abbr" not in render_markdown("A DDoS attack.").html


def test_saving_a_glossary_term_re_renders_every_page(make_page):
    page = make_page("Attacks", body="A VPN hides traffic.")
    assert "<abbr" not in page.body_html
    GlossaryTerm.objects.create(term="Virtual private network", abbreviation="VPN")
    page.refresh_from_db()
    assert marked(page.body_html) == [("/glossary/#vpn", "Virtual private network", "VPN")]


def test_changing_and_deleting_a_term_re_renders_the_pages(make_page):
    term = GlossaryTerm.objects.create(term="Virtual private network", abbreviation="VPN")
    page = make_page("Attacks", body="A VPN hides traffic.")
    term.term = "Virtual private network service"
    term.save()
    page.refresh_from_db()
    assert 'title="Virtual private network service"' in page.body_html
    term.delete()
    page.refresh_from_db()
    assert "<abbr" not in page.body_html


def test_re_rendering_keeps_the_last_updated_date_and_the_search_index(make_page):
    page = make_page("Attacks", body="A VPN hides traffic.")
    updated_at = page.updated_at
    GlossaryTerm.objects.create(term="Virtual private network", abbreviation="VPN")
    page.refresh_from_db()
    assert page.updated_at == updated_at
    document = SearchDocument.objects.get(kind="guidance", object_id=str(page.pk))
    assert "A VPN hides traffic." in document.body


def test_the_rerender_command_brings_stored_pages_up_to_date(make_page, glossary):
    page = make_page("Attacks", body="A DDoS attack.")
    GuidancePage.objects.filter(pk=page.pk).update(body_html="<p>stale</p>")
    output = StringIO()
    call_command("rerender_content", stdout=output)
    page.refresh_from_db()
    assert marked(page.body_html)
    assert "Stored bodies changed: 1." in output.getvalue()


def test_news_and_prosecution_guidance_are_re_rendered_too(db):
    news = NewsItem.objects.create(
        title="Jailed", slug="jailed", published_on="2018-02-19", body_markdown="A VPN hid it."
    )
    guidance = ProsecutionGuidance.objects.create(
        title="CMA", slug="cma", body_markdown="Using a VPN."
    )
    GlossaryTerm.objects.create(term="Virtual private network", abbreviation="VPN")
    news.refresh_from_db()
    guidance.refresh_from_db()
    assert marked(news.body_html) == [("/glossary/#vpn", "Virtual private network", "VPN")]
    assert marked(guidance.body_html) == [("/glossary/#vpn", "Virtual private network", "VPN")]
