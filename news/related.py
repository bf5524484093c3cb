"""What to show beside a page: pinned items first, then those sharing the most tags.

Each panel is one query whatever the number of news items: the shared-tag count and the
pin are worked out by the database, and the tags shown beside the chosen items come in
one more query for both panels together.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value

from .models import NewsItem, PinnedGuidance, PinnedNews, ProsecutionGuidance, Tag

PANEL_SIZE = 3


@dataclass
class RelatedPanels:
    news: list = field(default_factory=list)
    guidance: list = field(default_factory=list)


def _related(queryset, tag_ids, pins, pin_field, exclude_pk=None, limit=PANEL_SIZE):
    pin = pins.filter(**{pin_field: OuterRef("pk")})
    queryset = (
        queryset.published()
        .annotate(
            shared_tags=Count("tags", filter=Q(tags__in=tag_ids), distinct=True),
            pinned=Exists(pin),
            pin_position=Subquery(pin.values("position")[:1], output_field=IntegerField()),
        )
        .filter(Q(shared_tags__gt=0) | Q(pinned=True))
    )
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    date_field = "published_on" if queryset.model is NewsItem else "updated_on"
    return list(
        queryset.order_by(
            F("pin_position").asc(nulls_last=True),
            "-shared_tags",
            F(date_field).desc(nulls_last=True),
            "title",
        )[:limit]
    )


def attach_tags(*item_lists):
    """Give every item a `tag_list`, with one query for all the lists together."""
    news_ids = [i.pk for items in item_lists for i in items if isinstance(i, NewsItem)]
    guidance_ids = [
        i.pk for items in item_lists for i in items if isinstance(i, ProsecutionGuidance)
    ]
    news_links = (
        NewsItem.tags.through.objects.filter(newsitem_id__in=news_ids)
        .annotate(kind=Value("news"), item_id=F("newsitem_id"))
        .values_list("kind", "item_id", "tag__name", "tag__slug")
    )
    guidance_links = (
        ProsecutionGuidance.tags.through.objects.filter(prosecutionguidance_id__in=guidance_ids)
        .annotate(kind=Value("guidance"), item_id=F("prosecutionguidance_id"))
        .values_list("kind", "item_id", "tag__name", "tag__slug")
    )
    tags_by_item = {}
    if news_ids or guidance_ids:
        for kind, item_id, name, slug in news_links.union(guidance_links, all=True):
            tags_by_item.setdefault((kind, item_id), []).append(Tag(name=name, slug=slug))
    for items in item_lists:
        for item in items:
            kind = "news" if isinstance(item, NewsItem) else "guidance"
            item.tag_list = sorted(tags_by_item.get((kind, item.pk), []), key=lambda t: t.name)


def panels_for_page(page):
    """Related news and prosecution guidance for a guidance page."""
    tag_ids = Tag.pages.through.objects.filter(guidancepage_id=page.pk).values("tag_id")
    news = _related(NewsItem.objects, tag_ids, PinnedNews.objects.filter(page=page.pk), "news_item")
    guidance = _related(
        ProsecutionGuidance.objects,
        tag_ids,
        PinnedGuidance.objects.filter(page=page.pk),
        "guidance",
    )
    attach_tags(news, guidance)
    return RelatedPanels(news=news, guidance=guidance)


def related_news_for(news_item):
    """Other news sharing tags with a news item, never the item itself."""
    tag_ids = NewsItem.tags.through.objects.filter(newsitem_id=news_item.pk).values("tag_id")
    items = _related(
        NewsItem.objects, tag_ids, PinnedNews.objects.none(), "news_item", news_item.pk
    )
    attach_tags(items)
    return items


def related_guidance_for(guidance):
    """Other prosecution guidance sharing tags with an entry, never the entry itself."""
    tag_ids = ProsecutionGuidance.tags.through.objects.filter(
        prosecutionguidance_id=guidance.pk
    ).values("tag_id")
    items = _related(
        ProsecutionGuidance.objects, tag_ids, PinnedGuidance.objects.none(), "guidance", guidance.pk
    )
    attach_tags(items)
    return items
