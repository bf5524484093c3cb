"""One rule, one table: which guidance pages the public can see (guidance/visibility.py).

A page is public when it is published, due (its publishing time, if any, has come) and every
page above it is public. The same table of pages is run against every part of the site that
applies the rule, so none of them can drift from it: the page itself, the navigation's SQL,
the sitemap, feeds and tag pages, the whole guide on one page, the search index, a redirect
from an old address and the digital MOT's advice links. The queryset, the model's property
and the as-of check apply the page's own half of the rule, and are held to that half.
"""

import datetime
import re

import pytest
from django.db import connection
from django.utils import timezone

from guidance.as_of import was_public
from guidance.models import GuidancePage, PageRedirect
from guidance.navigation import public_page_context
from guidance.visibility import public_pages, published_sql
from guidance.whole_guide import public_tree
from mot.advice import advice_links
from search.models import SearchDocument
from tests.sitemaps import sitemap_text

PUBLISHED = GuidancePage.Status.PUBLISHED
DRAFT = GuidancePage.Status.DRAFT
DAY = datetime.timedelta(days=1)

# title, parent, status, publishing time (days from now; None: none), public, own half
CASES = [
    ("Public root", None, PUBLISHED, None, True, True),
    ("Published child", "Public root", PUBLISHED, None, True, True),
    ("Draft child of a public page", "Public root", DRAFT, None, False, False),
    ("Published under a draft", "Draft child of a public page", PUBLISHED, None, False, True),
    ("Scheduled child", "Public root", PUBLISHED, 1, False, False),
    ("Published under a scheduled page", "Scheduled child", PUBLISHED, None, False, True),
    ("Due child", "Public root", PUBLISHED, -1, True, True),
    ("Published under a due page", "Due child", PUBLISHED, None, True, True),
    ("Scheduled under a due page", "Due child", PUBLISHED, 1, False, False),
    ("Draft with a past time", "Public root", DRAFT, -1, False, False),
    ("Draft root", None, DRAFT, None, False, False),
    ("Due under a draft root", "Draft root", PUBLISHED, -1, False, True),
]
PUBLIC = {title for title, *_, public, _own in CASES if public}
OWN_HALF = {title for title, *_, own in CASES if own}


@pytest.fixture
def pages(make_page):
    now = timezone.now()
    made = {}
    for order, (title, parent, status, days, _public, _own) in enumerate(CASES):
        made[title] = make_page(
            title,
            parent=made.get(parent),
            status=status,
            publish_at=None if days is None else now + days * DAY,
            sibling_order=order,
            body=f"## About\n\nThe {title.lower()} page.",
        )
    for page in made.values():
        page.refresh_from_db()
    return made


def shown_by_the_page_view(client, pages):
    shown = set()
    for title, page in pages.items():
        status = client.get(page.get_absolute_url()).status_code
        assert status in (200, 404), (title, status)
        if status == 200:
            shown.add(title)
    return shown


def shown_by_the_navigation(client, pages):
    return {title for title, page in pages.items() if public_page_context(page) is not None}


def listed_in_the_navigation(client, pages):
    """The pages the navigation shows, read from every public page's navigation."""
    listed = set()
    for page in pages.values():
        context = public_page_context(page)
        if context is not None:
            stack = list(context.navigation)
            while stack:
                item = stack.pop()
                listed.add(item.page.title)
                stack.extend(item.children)
    return listed & set(pages)


def listed_by_public_pages(client, pages):
    return {page.title for page in public_pages()}


def listed_in_the_sitemap(client, pages):
    xml = sitemap_text(client)
    addresses = set(re.findall(r"<loc>https?://[^/]+(/[^<]*)</loc>", xml))
    return {title for title, page in pages.items() if page.get_absolute_url() in addresses}


def listed_in_the_whole_guide(client, pages):
    return {page.title for root in ("public-root", "draft-root") for page in public_tree(root)}


def held_by_the_search_index(client, pages):
    return set(SearchDocument.objects.filter(kind="guidance").values_list("title", flat=True))


def found_by_a_search(client, pages):
    html = client.get("/search/", {"q": "page"}).content.decode()
    return {title for title, page in pages.items() if f'href="{page.get_absolute_url()}"' in html}


def reached_from_an_old_address(client, pages):
    reached = set()
    for title, page in pages.items():
        PageRedirect.objects.create(old_path=f"old/{page.pk}", page=page)
        response = client.get(f"/old/{page.pk}/")
        assert response.status_code in (301, 404), (title, response.status_code)
        if response.status_code == 301:
            reached.add(title)
    return reached


def linked_from_the_digital_mot(client, pages):
    links = advice_links([page.get_absolute_url() for page in pages.values()])
    return {title for title, page in pages.items() if page.get_absolute_url() in links}


@pytest.mark.parametrize(
    "shown",
    [
        shown_by_the_page_view,
        shown_by_the_navigation,
        listed_in_the_navigation,
        listed_by_public_pages,
        listed_in_the_sitemap,
        listed_in_the_whole_guide,
        held_by_the_search_index,
        found_by_a_search,
        reached_from_an_old_address,
        linked_from_the_digital_mot,
    ],
)
def test_every_user_of_the_rule_shows_exactly_the_public_pages(client, pages, shown):
    assert shown(client, pages) == PUBLIC


def published_by_the_queryset(pages):
    return set(GuidancePage.objects.published().values_list("title", flat=True))


def published_by_the_model(pages):
    return {title for title, page in pages.items() if page.is_published}


def published_by_the_compiled_sql(pages):
    sql, params = published_sql(connection)
    table = connection.ops.quote_name(GuidancePage._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT title FROM {table} WHERE {sql}", params)  # noqa: S608
        return {title for (title,) in cursor.fetchall()}


def public_as_of_now_by_its_revision_fields(pages):
    now = timezone.now()
    return {
        title
        for title, page in pages.items()
        if was_public({"status": page.status, "publish_at": page.publish_at}, now)
    }


@pytest.mark.parametrize(
    "published",
    [
        published_by_the_queryset,
        published_by_the_model,
        published_by_the_compiled_sql,
        public_as_of_now_by_its_revision_fields,
    ],
)
def test_the_page_s_own_half_of_the_rule_is_the_same_everywhere(pages, published):
    assert published(pages) == OWN_HALF


def test_when_a_scheduled_time_passes_its_page_and_the_pages_under_it_become_public(client, pages):
    # Time passing, as the rule sees it: the scheduled times are now in the past.
    GuidancePage.objects.filter(publish_at__gt=timezone.now()).update(
        publish_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    now_public = PUBLIC | {
        "Scheduled child",
        "Published under a scheduled page",
        "Scheduled under a due page",
    }
    assert listed_by_public_pages(client, pages) == now_public
    assert shown_by_the_navigation(client, pages) == now_public
    assert found_by_a_search(client, pages) == now_public  # the first search indexes them
