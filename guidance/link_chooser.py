"""The link chooser beside the body: find a page, news item, offence or glossary entry by
name and get its Markdown link (the script inserts it at the cursor)."""

from django.apps import apps
from django.db.models import Q
from django.http import JsonResponse

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
    offence_model = apps.get_model("offences", "Offence")
    found += [
        (
            f"Offence ({offence.act}, s.{offence.section})",
            offence.title,
            offence.get_absolute_url(),
        )
        for offence in offence_model.objects.filter(
            Q(title__icontains=query) | Q(section__iexact=query)
        ).select_related("act")[:PER_KIND]
    ]
    term_model = apps.get_model("offences", "GlossaryTerm")
    found += [
        ("Glossary", term.term, term.get_absolute_url())
        for term in term_model.objects.filter(
            Q(term__icontains=query) | Q(abbreviation__iexact=query)
        )[:PER_KIND]
    ]
    news_model = apps.get_model("news", "NewsItem")
    found += [
        ("News", item.title, item.get_absolute_url())
        for item in news_model.objects.filter(title__icontains=query).only("title", "slug")[
            :PER_KIND
        ]
    ]
    return [
        {"kind": kind, "title": title, "url": url, "markdown": f"[{title}]({url})"}
        for kind, title, url in found
    ]


def link_chooser_view(request):
    response = JsonResponse({"results": choices(request.GET.get("q", ""))})
    response["Cache-Control"] = "private, no-store"
    return response
