from django.shortcuts import render

from guidance.models import GuidancePage

from .searching import run_search


def search(request):
    outcome = run_search(
        request.GET.get("q", ""), request.GET.get("kind", ""), request.GET.get("page")
    )
    context = {"outcome": outcome, "query": outcome.query}
    if not outcome.total:
        context["sections"] = (
            GuidancePage.objects.published()
            .filter(parent__isnull=True)  # indexed, unlike level
            .only("id", "title", "summary", "path")
            .order_by("tree_id")
        )
    return render(request, "search/results.html", context)
