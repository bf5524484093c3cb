"""Links to news items, prosecution guidance and tags: checked when an editor saves a body
(see guidance/link_check.py), and offered by the link chooser (guidance/link_chooser.py)."""

from guidance.link_check import register_link_target, slug_target

from .models import NewsItem


def register():
    register_link_target(
        "publications:news-detail", slug_target("publications.NewsItem", "news item")
    )
    register_link_target(
        "publications:guidance-detail",
        slug_target("publications.ProsecutionGuidance", "prosecution guidance"),
    )
    register_link_target("publications:tag", slug_target("tags.Tag", "tag"))


def news_choices(query, limit):
    """News items for the link chooser beside a body (guidance/link_chooser.py)."""
    items = NewsItem.objects.filter(title__icontains=query).only("title", "slug")[:limit]
    return [("News", item.title, item.get_absolute_url()) for item in items]
