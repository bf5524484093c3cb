from django.shortcuts import render
from django.utils.translation import get_language

from .log import count_search
from .registry import sections_to_browse
from .searching import run_search


def search(request):
    outcome = run_search(
        request.GET.get("q", ""),
        request.GET.get("kind", ""),
        request.GET.get("page"),
        as_typed=request.GET.get("as_typed") == "1",  # "Search instead for …"
        language=get_language(),
    )
    if "page" not in request.GET and not request.GET.get("kind"):
        # A new search, not a reader paging or filtering the same one: counted once, as
        # typed (with the number of results shown, a correction's if it was corrected).
        count_search(outcome.corrected_from or outcome.query.text, outcome.total_all_kinds)
    context = {"outcome": outcome, "query": outcome.query}
    if not outcome.total:
        context["sections"] = sections_to_browse()
    return render(request, "search/results.html", context)
