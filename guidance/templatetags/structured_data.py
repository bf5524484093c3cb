"""JSON-LD for a guidance or advice page: its breadcrumbs and the page as an Article."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from display.addresses import absolute_url
from display.templatetags.page_head import json_ld

register = template.Library()


@register.simple_tag(takes_context=True)
def page_structured_data(context, page, ancestors):
    if page.pk is None:  # an unsaved page in the editor's preview
        return ""
    request = context["request"]
    url = absolute_url(request, page.get_absolute_url())
    trail = [(gettext("Home"), absolute_url(request, reverse("guidance:home")))]
    trail += [(a.title, absolute_url(request, a.get_absolute_url())) for a in ancestors]
    trail.append((page.title, url))
    breadcrumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": number, "name": name, "item": item}
            for number, (name, item) in enumerate(trail, start=1)
        ],
    }
    article = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.title,
        "description": page.summary or page.title,
        "url": url,
        "inLanguage": _written_in(context),
    }
    if page.last_updated is not None:  # the "Last updated" date, only when it is known
        article["dateModified"] = page.last_updated.isoformat()
    return mark_safe(json_ld(breadcrumbs) + json_ld(article))  # noqa: S308 (escaped JSON)


def _written_in(context):
    """The language of the article: English where the reader's language has no version."""
    language = get_language()
    if context.get("in_english") or language == settings.LANGUAGE_CODE:
        return "en-GB"
    return language
