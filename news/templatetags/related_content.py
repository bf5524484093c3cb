from django import template

from news.related import panels_for_page

register = template.Library()


@register.inclusion_tag("news/related_panels.html")
def related_panels(page):
    """The "Related news" and "Related prosecution guidance" panels beside a guidance page."""
    return {"panels": panels_for_page(page)}
