from django.core.paginator import Paginator
from django.shortcuts import render

from guidance.models import GuidancePage

from .searching import run_search

RESULTS_PER_PAGE = 10


def search(request):
    outcome = run_search(request.GET.get("q", ""), request.GET.get("kind", ""))
    context = {"outcome": outcome, "query": outcome.query}
    if outcome.results is not None:
        # get_page clamps: a page that is not a number is the first, one too far the last.
        paginator = Paginator(outcome.results, RESULTS_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        context.update(paginator=paginator, page=page)
    if outcome.results is None or not outcome.results.total:
        context["sections"] = (
            GuidancePage.objects.published()
            .filter(level=0)
            .only("id", "title", "summary", "path")
            .order_by("tree_id")
        )
    return render(request, "search/results.html", context)
