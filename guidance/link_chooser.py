"""The link chooser beside the body: find a page, news item, offence or glossary entry by
name and get its Markdown link (the script inserts it at the cursor).

Pages are the guidance tree's own; every other kind comes from the app that holds it, which
names a function `(query, limit) -> [(kind, title, url), ...]` in `link_choices` on its
AppConfig (shared/declarations.py)."""

from django.http import JsonResponse
from django.utils.module_loading import import_string

from shared.declarations import declared

from .models import GuidancePage

MAX_QUERY = 100
PER_KIND = 8


def choices(query):
    query = " ".join(str(query)[:MAX_QUERY].split())
    if len(query) < 2:
        return []
    found = [
        ("Guidance page", page.title, page.get_absolute_url())
        for page in GuidancePage.objects.filter(title__icontains=query)
        .only("title", "path")
        .order_by("tree_id", "lft")[:PER_KIND]
    ]
    # What else there is to link to, each content app says (its AppConfig's link_choices).
    for path in declared("link_choices"):
        found += import_string(path)(query, PER_KIND)
    return [
        {"kind": kind, "title": title, "url": url, "markdown": f"[{title}]({url})"}
        for kind, title, url in found
    ]


def link_chooser_view(request):
    response = JsonResponse({"results": choices(request.GET.get("q", ""))})
    response["Cache-Control"] = "private, no-store"
    return response
