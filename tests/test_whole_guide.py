"""The whole guide on one page: every public page of a section in tree order, headings moved
down so the outline stays valid, every in-page link leading somewhere, a few queries."""

import re

import pytest

from guidance.models import GuidancePage

pytestmark = pytest.mark.django_db

HEADING_RE = re.compile(r"<h([1-6])\b")


def headings_skip_no_level(html):
    levels = [int(level) for level in HEADING_RE.findall(html.split("<main", 1)[1])]
    return levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))


def broken_in_page_links(html):
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    all_ids = re.findall(r'\bid="([^"]+)"', main)
    ids = set(all_ids)
    assert len(ids) == len(all_ids), "an id is used twice"
    return sorted({target for target in re.findall(r'href="#([^"]*)"', main)} - ids)


@pytest.mark.parametrize("section", ["guidance", "advice"])
def test_the_whole_shipped_guide_has_a_valid_outline_and_no_broken_in_page_links(
    client, shipped_content, section
):
    response = client.get(f"/one-page/{section}/")
    assert response.status_code == 200
    html = response.text
    assert headings_skip_no_level(html)
    assert broken_in_page_links(html) == []
    public = GuidancePage.objects.published().filter(path__startswith=f"{section}/")
    for page in public:
        assert f'id="{page.path.replace("/", "--")}"' in html, page.path
    # Links between its own pages stay inside the document.
    assert f'href="/{section}/' not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_offence_tables_appear_once(client, shipped_content):
    html = client.get("/one-page/guidance/").text
    assert html.count("<caption>Cyber-dependent offences by type of cybercrime") == 1
    assert html.count("<caption>Cyber-enabled offences by type of cybercrime") == 1


def test_each_section_top_page_links_to_its_whole_guide(client, shipped_content):
    assert 'href="/one-page/guidance/"' in client.get("/guidance/").text
    assert 'href="/one-page/advice/"' in client.get("/advice/").text
    assert "/one-page/" not in client.get("/guidance/introduction/").text


def test_pages_are_in_tree_order_with_headings_moved_down_by_depth(client, small_tree):
    html = client.get("/one-page/guidance/").text
    order = [html.index(f'id="{anchor}"') for anchor in [
        "guidance", "guidance--introduction", "guidance--cyber-dependent-crimes",
        "guidance--cyber-dependent-crimes--hacking",
    ]]  # fmt: skip
    assert order == sorted(order)
    assert '<h3 id="guidance--cyber-dependent-crimes--hacking" class="whole-guide__title">' in html
    assert '<h4 id="guidance--cyber-dependent-crimes--hacking__offences">Offences<a' in html
    assert '<h5 id="guidance--cyber-dependent-crimes--hacking__section-1">Section 1<a' in html


def test_links_to_pages_in_the_guide_become_anchors_and_others_stay(make_page, client):
    root = make_page("Guidance", slug="guidance")
    make_page("Target", parent=root, body="## Part two\n\nText.")
    make_page(
        "Links",
        parent=root,
        body="[a](/guidance/target/) [b](/guidance/target/#part-two) [c](/advice/x/) "
        "[d](https://example.org/guidance/target/) [e](#here)\n\n## Here\n\nText.",
    )
    html = client.get("/one-page/guidance/").text
    assert 'href="#guidance--target"' in html
    assert 'href="#guidance--target__part-two"' in html
    assert 'href="/advice/x/"' in html
    assert 'href="https://example.org/guidance/target/"' in html
    assert 'href="#guidance--links__here"' in html
    assert broken_in_page_links(html) == []


def test_drafts_and_the_pages_under_them_are_left_out(client, small_tree):
    dependent = small_tree["dependent"]
    dependent.status = GuidancePage.Status.DRAFT
    dependent.save()
    html = client.get("/one-page/guidance/").text
    assert "Introduction" in html
    assert "Cyber-dependent crimes" not in html and "Hacking" not in html


def test_an_unknown_or_draft_section_is_not_found(client, small_tree):
    assert client.get("/one-page/no-such-section/").status_code == 404
    root = small_tree["root"]
    root.status = GuidancePage.Status.DRAFT
    root.save()
    assert client.get("/one-page/guidance/").status_code == 404


def test_the_whole_guide_costs_the_same_queries_however_many_pages(
    client, make_page, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # count the rendering, not a cache hit
    root = make_page("Guidance", slug="guidance")
    for number in range(3):
        make_page(f"Page {number}", parent=root, body="## A\n\nText.")
    with django_assert_max_num_queries(3):
        assert client.get("/one-page/guidance/").status_code == 200
    for number in range(3, 60):
        parent = make_page(f"Page {number}", parent=root, body="## A\n\nText.")
        make_page(f"Child {number}", parent=parent, body="See [page 1](/guidance/page-1/).")
    with django_assert_max_num_queries(3):
        response = client.get("/one-page/guidance/")
    assert response.status_code == 200
    assert "Child 59" in response.text
