"""What to show beside a page: pinned items first, then those sharing the most tags.

Each panel is one query that starts from the page's own tags and pins: only the items
carrying one of those tags (found through the tag index of the link table) or pinned to
the page are counted and ranked, never every published item, and only the columns a panel
shows are read. Both panels and the tags shown beside their items come in one query.

The ranking query is written in SQL (the same on PostgreSQL and SQLite) because it runs on
every page rendered afresh: built through the ORM, with its subqueries and annotations, it
took four times as long to compose in Python as the database took to answer it.
"""

from dataclasses import dataclass, field

from django.db import connection

from tags.models import Tag

from .models import NewsItem, PinnedGuidance, PinnedNews, ProsecutionGuidance, Status

PANEL_SIZE = 3


@dataclass
class RelatedPanels:
    news: list = field(default_factory=list)
    guidance: list = field(default_factory=list)


@dataclass(frozen=True)
class Kind:
    """The tables of one kind of item, named by the models' own metadata (never input, so
    safe to put in SQL)."""

    model: type
    items: str
    links: str  # the item's tag links
    item_column: str  # the item's column in `links`
    tag_column: str  # the tag's column in `links`
    pins: str
    pin_column: str  # the item's column in `pins`
    pin_page_column: str  # the page's column in `pins`
    date_column: str

    @classmethod
    def of(cls, model, pin_model, pin_field, date_field):
        tags = model._meta.get_field("tags")
        return cls(
            model,
            model._meta.db_table,
            tags.remote_field.through._meta.db_table,
            tags.m2m_column_name(),
            tags.m2m_reverse_name(),
            pin_model._meta.db_table,
            pin_model._meta.get_field(pin_field).column,
            pin_model._meta.get_field("page").column,
            model._meta.get_field(date_field).column,
        )


NEWS = Kind.of(NewsItem, PinnedNews, "news_item", "published_on")
GUIDANCE = Kind.of(ProsecutionGuidance, PinnedGuidance, "guidance", "updated_on")
TAG_TABLE = Tag._meta.db_table
_TAGGED_PAGES = Tag._meta.get_field("pages")
PAGE_TAGS = (
    f"SELECT {_TAGGED_PAGES.m2m_column_name()}"  # noqa: S608 (names from the metadata)
    f" FROM {_TAGGED_PAGES.remote_field.through._meta.db_table}"
    f" WHERE {_TAGGED_PAGES.m2m_reverse_name()} = %s"
)


def _ranking(kind, tag_ids_sql, tag_id_params, pinned_on_page=None, exclude_pk=None):
    """(SQL, parameters) of the first PANEL_SIZE published items of `kind` that carry one of
    the tags `tag_ids_sql` selects, or that are pinned on the page `pinned_on_page`: pins
    first in their order, then the most shared tags, then the newest, then by title, which
    `position` numbers. Only those candidates are read."""
    matches = f"SELECT {kind.item_column} AS item_id, NULL AS pin_position, 1 AS shared"
    matches += f" FROM {kind.links} WHERE {kind.tag_column} IN ({tag_ids_sql})"  # noqa: S608
    params = [*tag_id_params]
    if pinned_on_page is not None:
        matches += f" UNION ALL SELECT {kind.pin_column}, position, 0 FROM {kind.pins}"  # noqa: S608
        matches += f" WHERE {kind.pin_page_column} = %s"
        params.append(pinned_on_page)
    params.append(Status.PUBLISHED)
    if exclude_pk is not None:
        params.append(exclude_pk)
    sql = f"""
        SELECT item.id, item.title, item.slug, item.{kind.date_column} AS item_date,
               ROW_NUMBER() OVER (
                   ORDER BY candidates.pin_position IS NULL, candidates.pin_position,
                            candidates.shared_tags DESC, item.{kind.date_column} IS NULL,
                            item.{kind.date_column} DESC, item.title
               ) AS position
        FROM (
            SELECT item_id, MIN(pin_position) AS pin_position, SUM(shared) AS shared_tags
            FROM ({matches}) matches
            GROUP BY item_id
        ) candidates
        JOIN {kind.items} item ON item.id = candidates.item_id
        WHERE item.status = %s {"AND item.id <> %s" if exclude_pk is not None else ""}
        ORDER BY position
        LIMIT {PANEL_SIZE}
    """  # noqa: S608 (table and column names are the constants above; values are parameters)
    return sql, params


def _chosen_with_tags(*rankings):
    """The items each (kind, ranking) chooses, in order, each with its `tag_list`: one query
    for all of them, tags included (a page rendered afresh waits for one round trip, not
    three)."""
    parts, params = [], []
    for number, (_kind, (sql, ranking_params)) in enumerate(rankings):
        parts.append(f"SELECT {number} AS part, ranked.* FROM ({sql}) ranked")  # noqa: S608
        params.extend(ranking_params)
    joins = "".join(
        f" LEFT JOIN {kind.links} links_{number} ON chosen.part = {number}"
        f" AND links_{number}.{kind.item_column} = chosen.id"
        for number, (kind, _) in enumerate(rankings)
    )
    tag_id = "COALESCE(" + ", ".join(f"links_{n}.tag_id" for n in range(len(rankings))) + ")"
    if len(rankings) == 1:
        tag_id = "links_0.tag_id"
    sql = f"""
        SELECT chosen.part, chosen.id, chosen.title, chosen.slug, chosen.item_date,
               tag.name, tag.slug
        FROM ({" UNION ALL ".join(parts)}) chosen{joins}
        LEFT JOIN {TAG_TABLE} tag ON tag.id = {tag_id}
        ORDER BY chosen.part, chosen.position, tag.name
    """  # noqa: S608 (table and column names are the constants above; values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    chosen = [{} for _ in rankings]
    for part, item_id, title, slug, item_date, tag_name, tag_slug in rows:
        items = chosen[part]
        item = items.get(item_id)
        if item is None:
            kind = rankings[part][0]
            date_field = kind.model._meta.get_field(kind.date_column)
            item = items[item_id] = kind.model(
                id=item_id, title=title, slug=slug,
                **{kind.date_column: date_field.to_python(item_date)},
            )  # fmt: skip
            item.tag_list = []
        if tag_name is not None:
            item.tag_list.append(Tag(name=tag_name, slug=tag_slug))
    return [list(items.values()) for items in chosen]


def attach_tags(*item_lists):
    """Give every item a `tag_list`, with one query for all the lists together."""
    ids = {NEWS: set(), GUIDANCE: set()}
    for items in item_lists:
        for item in items:
            ids[NEWS if isinstance(item, NewsItem) else GUIDANCE].add(item.pk)
    parts, params = [], []
    for number, (kind, item_ids) in enumerate(ids.items()):
        if item_ids:
            parts.append(
                f"SELECT {number}, links.{kind.item_column}, tag.name, tag.slug "  # noqa: S608
                f"FROM {kind.links} links JOIN {TAG_TABLE} tag ON tag.id = links.{kind.tag_column} "
                f"WHERE links.{kind.item_column} IN ({', '.join(['%s'] * len(item_ids))})"
            )
            params.extend(item_ids)
    tags_by_item = {}
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for number, item_id, name, slug in cursor.fetchall():
                tags_by_item.setdefault((number, item_id), []).append(Tag(name=name, slug=slug))
    kinds = list(ids)
    for items in item_lists:
        for item in items:
            number = kinds.index(NEWS if isinstance(item, NewsItem) else GUIDANCE)
            item.tag_list = sorted(tags_by_item.get((number, item.pk), []), key=lambda t: t.name)


def panels_for_page(page):
    """Related news and prosecution guidance for a guidance page, in one query."""
    news, guidance = _chosen_with_tags(
        (NEWS, _ranking(NEWS, PAGE_TAGS, [page.pk], pinned_on_page=page.pk)),
        (GUIDANCE, _ranking(GUIDANCE, PAGE_TAGS, [page.pk], pinned_on_page=page.pk)),
    )
    return RelatedPanels(news=news, guidance=guidance)


def _tags_of(kind):
    return f"SELECT {kind.tag_column} FROM {kind.links} WHERE {kind.item_column} = %s"  # noqa: S608


def related_news_for(news_item):
    """Other news sharing tags with a news item, never the item itself."""
    ranking = _ranking(NEWS, _tags_of(NEWS), [news_item.pk], exclude_pk=news_item.pk)
    return _chosen_with_tags((NEWS, ranking))[0]


def related_guidance_for(guidance):
    """Other prosecution guidance sharing tags with an entry, never the entry itself."""
    ranking = _ranking(GUIDANCE, _tags_of(GUIDANCE), [guidance.pk], exclude_pk=guidance.pk)
    return _chosen_with_tags((GUIDANCE, ranking))[0]
