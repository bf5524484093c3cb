"""A guidance page costs the same few SQL queries with 40 pages or 10 000."""

import datetime

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext

from guidance.models import GuidancePage
from pagecache.generations import CONTENT, bump_generation, forget_all_pages
from pagecache.stored_parts import bump_stored_version
from publications.models import NewsItem, ProsecutionGuidance
from tags.models import Tag
from tests.test_page_shells import forget_shell

pytestmark = pytest.mark.django_db

# Rendered after a change: the stored parts looked up with the page's few columns (none of
# the current version), the page itself (which also answers whether it offers "Exit this
# page" and whether it discusses any offence), its navigation, both related panels with
# their tags, and the parts stored; a page that discusses offences adds one for its
# "Offences on this page" box. Every later reader's page: the first query alone.
MOST_QUERIES = 5
STORED_PAGE_QUERIES = 1


def forty_page_tree(make_page):
    """Two sections of depth 4, as the shipped content is laid out: 40 pages."""
    pages = []
    for number, slug in enumerate(["guidance", "advice"], start=1):
        root = make_page(slug.title(), slug=slug, sibling_order=number)
        pages.append(root)
        for s in range(2):
            section = make_page(f"{slug} section {s}", parent=root, sibling_order=s)
            pages.append(section)
            for t in range(2):
                topic = make_page(f"{slug} topic {s}.{t}", parent=section, sibling_order=t)
                pages.append(topic)
                pages.extend(
                    make_page(f"{slug} page {s}.{t}.{p}", parent=topic, sibling_order=p)
                    for p in range(2)
                )
    for number in range(40 - len(pages)):
        pages.append(make_page(f"Extra {number}", parent=pages[1], sibling_order=9 + number))
    assert GuidancePage.objects.count() == 40
    return [page for page in pages if page.level == 3]


def grow_to(total):
    """Add a top-level archive, 100 sections of pages under it, until there are `total`."""
    tree_id = GuidancePage.objects.aggregate(Max("tree_id"))["tree_id__max"] + 1
    missing = total - GuidancePage.objects.count()
    sections = 100
    leaves = missing - 1 - sections
    counts = [leaves // sections + (1 if n < leaves % sections else 0) for n in range(sections)]
    published = GuidancePage.Status.PUBLISHED
    (root,) = GuidancePage.objects.bulk_create(
        [
            GuidancePage(
                title="Archive", slug="archive", path="archive", status=published,
                tree_id=tree_id, level=0, lft=1, rght=2 + sum(2 + 2 * c for c in counts),
            )
        ]
    )  # fmt: skip
    section_pages, lft = [], 2
    for number, count in enumerate(counts):
        section_pages.append(
            GuidancePage(
                title=f"Archive {number}", slug=f"part-{number}", path=f"archive/part-{number}",
                parent=root, status=published, sibling_order=number, tree_id=tree_id, level=1,
                lft=lft, rght=lft + 2 * count + 1,
            )
        )  # fmt: skip
        lft += 2 * count + 2
    section_pages = GuidancePage.objects.bulk_create(section_pages)
    leaves = [
        GuidancePage(
            title=f"Archived page {n}", slug=f"page-{n}", path=f"{section.path}/page-{n}",
            parent=section, status=published, sibling_order=n, tree_id=tree_id, level=2,
            lft=section.lft + 1 + 2 * n, rght=section.lft + 2 + 2 * n, body_html="<p>Text.</p>",
        )
        for section, count in zip(section_pages, counts, strict=True)
        for n in range(count)
    ]  # fmt: skip
    GuidancePage.objects.bulk_create(leaves, batch_size=1000)
    assert GuidancePage.objects.count() == total
    return leaves[-1]


def queries_to_render(client, url):
    """SQL queries for a page rendered from scratch, again with its navigation cached,
    served from its stored parts (its shell gone from the cache), and from its shell.

    From scratch means as after an edit: every page, fragment and stored part is out of
    date (the cache itself still answers, holding e.g. the next scheduled publishing time).
    """
    forget_all_pages()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url).status_code == 200
    # As a news edit does: pages and stored parts are rendered afresh, not the tree.
    bump_generation(CONTENT)
    bump_stored_version()
    with CaptureQueriesContext(connection) as warm_navigation:
        assert client.get(url).status_code == 200
    forget_shell(url)
    with CaptureQueriesContext(connection) as stored:
        assert client.get(url + "?from=newsletter").status_code == 200  # not the page cache
    with CaptureQueriesContext(connection) as from_shell:
        assert client.get(url + "?from=mail").status_code == 200  # its shell, kept just now
    return len(cold), len(warm_navigation), len(stored), len(from_shell)


def related_items_for(page):
    """A news item and a prosecution guidance entry sharing a tag with the page."""
    tag = Tag.objects.create(name="Cyber / online crime")
    tag.pages.add(page)
    news = NewsItem.objects.create(
        title="Hacker jailed", slug="hacker-jailed", status="published",
        published_on=datetime.date(2026, 1, 5),
    )  # fmt: skip
    guidance = ProsecutionGuidance.objects.create(
        title="Computer Misuse Act", slug="cma", status="published"
    )
    news.tags.add(tag)
    guidance.tags.add(tag)


def test_a_guidance_page_costs_the_same_queries_with_40_or_10_000_pages(client, make_page):
    deep_page = forty_page_tree(make_page)[-1]
    related_items_for(deep_page)
    assert "Hacker jailed" in client.get(deep_page.get_absolute_url()).text
    deep_page = deep_page.get_absolute_url()
    with_40 = queries_to_render(client, deep_page)
    archived = grow_to(10_000)
    Tag.objects.get().pages.add(archived)
    archived_page = archived.get_absolute_url()
    with_10_000 = queries_to_render(client, deep_page)
    assert with_10_000 == with_40
    assert queries_to_render(client, archived_page) == with_40
    cold, warm_navigation, stored, from_shell = with_40
    assert cold <= MOST_QUERIES
    assert warm_navigation == cold - 1  # the navigation query, answered by its fragment
    assert stored == STORED_PAGE_QUERIES
    assert from_shell == 0


def test_the_navigation_shows_the_way_to_a_page_not_the_whole_tree(client, make_page):
    forty_page_tree(make_page)
    archived_page = grow_to(10_000)
    html = client.get(archived_page.get_absolute_url()).text
    navigation = html[html.index('class="section-nav"') :].split("</nav>")[0]
    # Top-level sections (3), the archive's sections (100), the page's siblings (98 or 99).
    assert navigation.count("<a ") < 3 + 100 + 100
    assert "Archived page 0<" in navigation
    assert "Archive 0<" in navigation
    assert "guidance section 0<" not in navigation  # inside another section: closed


def test_a_page_missing_from_the_cache_and_without_a_shell_is_served_from_its_parts(
    client, make_page
):
    deep_page = forty_page_tree(make_page)[-1]
    related_items_for(deep_page)
    url = deep_page.get_absolute_url()
    client.get(url)
    forget_shell(url)  # as if evicted: otherwise the page comes from its shell, no query
    with CaptureQueriesContext(connection) as queries:
        # A query string is never looked up in the page cache: the page is rendered afresh,
        # around its parts stored by the first reader.
        response = client.get(url + "?from=newsletter")
    assert response.status_code == 200
    assert len(queries) == STORED_PAGE_QUERIES  # the page itself, with its stored parts
    assert "Hacker jailed" in response.text and 'class="section-nav"' in response.text


def test_the_navigation_leaves_out_drafts_and_pages_not_yet_due(client, make_page):
    import datetime as dt

    from django.utils import timezone

    root = make_page("Guidance", slug="guidance")
    make_page("Due", parent=root, sibling_order=1, publish_at=timezone.now() - dt.timedelta(1))
    make_page("Later", parent=root, sibling_order=2, publish_at=timezone.now() + dt.timedelta(1))
    make_page("Draft", parent=root, sibling_order=3, status=GuidancePage.Status.DRAFT)
    current = make_page("Current", parent=root, sibling_order=4)
    html = client.get(current.get_absolute_url()).text
    navigation = html[html.index('class="section-nav"') :].split("</nav>")[0]
    assert ">Due<" in navigation and ">Current<" in navigation
    assert ">Later<" not in navigation and ">Draft<" not in navigation
