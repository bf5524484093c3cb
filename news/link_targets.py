"""Links to news items, prosecution guidance and tags, checked when an editor saves a body
(see guidance/link_check.py)."""

from guidance.link_check import register_link_target, slug_target


def register():
    register_link_target("news:news-detail", slug_target("news.NewsItem", "news item"))
    register_link_target(
        "news:guidance-detail", slug_target("news.ProsecutionGuidance", "prosecution guidance")
    )
    register_link_target("news:tag", slug_target("tags.Tag", "tag"))
