from django import template
from django.template.loader import render_to_string

from pagecache.generations import CONTENT, cached

register = template.Library()


@register.simple_tag
def offences_on_page(page):
    """The compact "Offences on this page" box of a guidance page: one query, then kept until
    any content changes (offences are content: see cached_models in OffencesConfig). Empty
    for an unsaved page an editor previews, or for a page whose own query found it discusses
    no offence (`discusses_offences`: see guidance/views.py), which then costs no query."""
    if page.pk is None or getattr(page, "discusses_offences", None) is False:
        return ""
    return cached(
        CONTENT,
        f"offences-on-page:{page.pk}",
        lambda: render_to_string(
            "offences/offences_on_page.html",
            {"offences": list(page.offences.select_related("act"))},
        ),
    )
