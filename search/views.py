from django.shortcuts import render

from guidance.models import GuidancePage
from guidance.reader_language import translate_titles

from .log import count_search
from .searching import run_search


def search(request):
    outcome = run_search(
        request.GET.get("q", ""), request.GET.get("kind", ""), request.GET.get("page")
    )
    if "page" not in request.GET and not request.GET.get("kind"):
        # A new search, not a reader paging or filtering the same one: counted once.
        count_search(outcome.query.text, outcome.total_all_kinds)
    context = {"outcome": outcome, "query": outcome.query}
    if not outcome.total:
        context["sections"] = list(
            GuidancePage.objects.published()
            .filter(parent__isnull=True)  # indexed, unlike level
            .only("id", "title", "summary", "path")
            .order_by("tree_id")
        )
        translate_titles(context["sections"])
    return render(request, "search/results.html", context)
