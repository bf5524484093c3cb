"""The reader's way around the tree, built from a bounded number of queries.

The section navigation shows the top-level pages, the path to the current page,
each ancestor's children and the current page's children: never the whole tree,
so a page costs the same however large the tree grows.
"""

from dataclasses import dataclass, field, fields

from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from pagecache.generations import TREE, cached
from shared.reversing import reverse_slug

from .models import GuidancePage, PageTranslation
from .visibility import published_sql


@dataclass(slots=True)
class NavPage:
    """What the navigation shows of a page, straight from its row.

    A model instance costs about 18 µs to build and far more to pickle into the fragment
    cache; a navigation holds dozens of pages (56 at 10 000 pages).
    """

    id: int
    title: str
    path: str
    parent_id: int | None
    tree_id: int
    lft: int
    level: int
    status: str

    @property
    def pk(self):
        return self.id

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_slug("guidance:page", "path", self.path)


# The columns the navigation query selects, in NavPage's order.
NAVIGATION_FIELDS = tuple(column.name for column in fields(NavPage))


@dataclass
class NavItem:
    page: NavPage
    current: bool = False
    open: bool = False
    children: list["NavItem"] = field(default_factory=list)


@dataclass
class PageContext:
    ancestors: list[NavPage]
    navigation: list[NavItem]
    previous_page: NavPage | None
    next_page: NavPage | None
    children: list[NavPage]
    navigation_html: str = ""
    # Pages shown with their English title on a page in another language (lang="en").
    in_english_ids: set = field(default_factory=set)


def cached_page_context(page):
    """public_page_context with its navigation rendered, kept until the tree changes.

    It is stored with the tree's generation (see pagecache/generations.py): any save, move
    or deletion of a guidance page starts a new one, so the fragment never outlives a
    change to a title, a slug, an order or a status. News and tags leave it in place.
    """
    return cached(
        TREE,
        navigation_key(page),
        lambda: _with_navigation_html(_in_current_language(public_page_context(page))),
    )


def navigation_key(page):
    return f"navigation:{page.pk}"


def _in_current_language(context):
    """The navigation's titles in the reader's language, where the page has a translation.

    One query; the fragment is cached per language (pagecache.generations.cached).
    """
    language = get_language()
    if context is None or language == settings.LANGUAGE_CODE:
        return context
    pages = [*context.ancestors, *context.children, context.previous_page, context.next_page]
    items = list(context.navigation)
    while items:
        item = items.pop()
        pages.append(item.page)
        items.extend(item.children)
    pages = [page for page in pages if page is not None]
    titles = dict(
        PageTranslation.objects.filter(
            page_id__in={page.pk for page in pages}, language=language
        ).values_list("page_id", "title")
    )
    for page in pages:
        page.title = titles.get(page.pk, page.title)
    context.in_english_ids = {page.pk for page in pages if page.pk not in titles}
    return context


def _with_navigation_html(context):
    if context is not None:
        context.navigation_html = render_to_string(
            "includes/section_navigation.html",
            {"navigation_list": navigation_list_html(context.navigation, context.in_english_ids)},
        )
    return context


def navigation_list_html(items, in_english_ids=frozenset()):
    """The nested lists of links of the section navigation.

    Built here rather than by a template including itself once per level, because it
    runs for every page rendered afresh and a navigation holds dozens of links (56 at
    10 000 pages): a few microseconds a link instead of tens. Titles and addresses are
    escaped here; everything else is fixed markup.
    """
    parts = ["<ul>"]
    for item in items:
        parts.append(
            f"<li{IS_OPEN if item.open else ''}>"
            f'<a href="{escape(item.page.get_absolute_url())}"'
            f"{CURRENT_PAGE if item.current else ''}"
            f"{IN_ENGLISH if item.page.pk in in_english_ids else ''}>{escape(item.page.title)}</a>"
        )
        if item.children:
            parts.append(navigation_list_html(item.children, in_english_ids))
        parts.append("</li>")
    parts.append("</ul>")
    return mark_safe("".join(parts))  # noqa: S308 (escaped above)


IS_OPEN = ' class="is-open"'
CURRENT_PAGE = ' aria-current="page"'
IN_ENGLISH = ' lang="en"'


def public_page_context(page, also_show=()):
    """Breadcrumbs, section navigation and previous/next for a page, or None if it is not public.

    One query: the published top-level pages plus the published children of the page and of
    each of its ancestors. An ancestor missing from that set is a draft, which hides the page.
    The page and its ancestors are found by the prefixes of its path (a unique, indexed
    column) and their children through the parent index, so no part of it reads the tree.
    `also_show` adds unpublished pages (an editor's preview).
    """
    slugs = page.path.split("/")
    prefixes = ["/".join(slugs[: depth + 1]) for depth in range(len(slugs))]
    with connection.cursor() as cursor:
        cursor.execute(*_visible_query(prefixes))
        visible = [NavPage(*row) for row in cursor.fetchall()]
    if also_show:
        shown = {p.pk for p in visible}
        visible.extend(p for p in also_show if p.pk not in shown)
        visible.sort(key=lambda p: (p.tree_id, p.lft))
    by_id = {item.pk: item for item in visible}
    if page.pk not in by_id:
        return None
    ancestors = []
    cursor = by_id[page.pk]
    while cursor.parent_id is not None:
        parent = by_id.get(cursor.parent_id)
        if parent is None:
            return None
        ancestors.insert(0, parent)
        cursor = parent

    open_ids = {a.pk for a in ancestors} | {page.pk}
    items = {p.pk: NavItem(page=p, current=p.pk == page.pk, open=p.pk in open_ids) for p in visible}
    roots = []
    for item in items.values():
        if item.page.parent_id is None:
            roots.append(item)
        elif item.page.parent_id in items:
            items[item.page.parent_id].children.append(item)

    reading_order = _reading_order(roots)
    position = next(i for i, p in enumerate(reading_order) if p.pk == page.pk)
    previous_page = reading_order[position - 1] if position > 0 else None
    next_page = reading_order[position + 1] if position + 1 < len(reading_order) else None
    if previous_page is not None and previous_page.tree_id != page.tree_id:
        previous_page = None
    if next_page is not None and next_page.tree_id != page.tree_id:
        next_page = None
    children = [item.page for item in items[page.pk].children]
    return PageContext(ancestors, roots, previous_page, next_page, children)


# The published top-level pages, then the published children of the page and its ancestors
# (found by the prefixes of its path, a unique indexed column). A UNION, not an OR: each
# half uses an index (an OR of the two makes PostgreSQL read every row of the table, 15 ms
# with 10 000 pages). Written in SQL because it runs on every page rendered afresh, and
# composing it through the ORM took longer than the database took to answer; "published"
# is the visibility rule's own condition, compiled by the ORM (guidance.visibility).
VISIBLE_SQL = """
    SELECT {columns} FROM {table}
    WHERE parent_id IS NULL AND {published}
    UNION ALL
    SELECT {columns} FROM {table}
    WHERE parent_id IN (SELECT id FROM {table} WHERE path IN ({prefixes}))
      AND {published}
    ORDER BY tree_id, lft
"""


def _visible_query(prefixes):
    """The SQL and parameters of the navigation query for a page with these path prefixes."""
    published, published_params = published_sql(connection)
    sql = VISIBLE_SQL.format(
        columns=", ".join(NAVIGATION_FIELDS),
        table=connection.ops.quote_name(GuidancePage._meta.db_table),
        published=published,
        prefixes=", ".join(["%s"] * len(prefixes)),
    )
    return sql, [*published_params, *prefixes, *published_params]


def _reading_order(items):
    """Pages of the visible navigation in tree order (the order a reader would read them)."""
    ordered = []
    for item in items:
        ordered.append(item.page)
        ordered.extend(_reading_order(item.children))
    return ordered


def preview_page_context(page):
    """The navigation an editor's preview shows: as the public will see it once this page
    (and any unpublished ancestor) is published. An unsaved page sits under its parent."""
    parent = page.parent if page.parent_id else None
    if page.pk is None or page.tree_id is None:
        ancestors = list(parent.get_ancestors(include_self=True)) if parent else []
        return PageContext(ancestors, [], None, None, [])
    ancestors = list(page.get_ancestors())
    context = public_page_context(page, also_show=[*ancestors, page])
    return _with_navigation_html(context) or PageContext(ancestors, [], None, None, [])
