from django import template
from django.template.loader import render_to_string

from news.related import panels_for_page
from pagecache.generations import CONTENT, cached

register = template.Library()


@register.simple_tag
def related_panels(page):
    """The "Related news" and "Related prosecution guidance" panels beside a guidance page.

    Rendered once per page until any content changes (news, guidance, tags, pins, pages:
    see pagecache/generations.py), so a page rendered afresh usually skips their queries.
    """
    return cached(
        CONTENT,
        f"related-panels:{page.pk}",
        lambda: render_to_string("news/related_panels.html", {"panels": panels_for_page(page)}),
    )
