from django import template
from django.conf import settings
from django.template.loader import render_to_string

from languages.context_processors import english_content
from pagecache.generations import CONTENT, cached
from publications.related import panels_for_page
from tags.models import Tag

register = template.Library()


@register.simple_tag
def related_panels(page):
    """The "Related news" and "Related prosecution guidance" panels beside a guidance page.

    Rendered once per page and language until any content changes (news, guidance, tags,
    pins, pages: see pagecache/generations.py), so a page rendered afresh usually skips
    their queries. Rendered without the request, so the titles' and tags' language (English
    only) is passed in as the page's context processors would give it.
    """
    return cached(
        CONTENT,
        f"related-panels:{page.pk}",
        lambda: render_to_string(
            "publications/related_panels.html",
            {"panels": panels_for_page(page), "english_content": english_content()},
        ),
    )


@register.simple_tag
def exit_this_page_url(page):
    """Where "Exit this page" leads (QUICK_EXIT_URL) if the page carries one of
    QUICK_EXIT_TAGS, else "" (no button).

    The public page's own query answers it (`carries_quick_exit_tag`, see news/models.py);
    elsewhere (a dated version, a preview) it is kept with the related panels until any
    content changes (tags included).
    """
    if page.pk is None:  # an unsaved page in the editor's preview has no tags yet
        return ""
    carries = getattr(page, "carries_quick_exit_tag", None)
    if carries is not None:
        return settings.QUICK_EXIT_URL if carries else ""
    answer = cached(
        CONTENT,
        f"quick-exit:{page.pk}",
        lambda: (
            "yes"
            if Tag.objects.filter(pages=page, name__in=settings.QUICK_EXIT_TAGS).exists()
            else "no"
        ),
    )
    return settings.QUICK_EXIT_URL if answer == "yes" else ""
