from django.http import Http404
from django.shortcuts import redirect, render

from pagecache.generations import CONTENT, TREE, fetched_together, fragment_key

from .as_of import as_of_response
from .deletion import gone_response
from .models import GuidancePage, PageRedirect
from .navigation import cached_page_context, navigation_key
from .page_query import page_by_path
from .reader_language import translate_page, translate_titles
from .whole_guide import whole_guide

MAX_PATH_LENGTH = 500
# The parts of guidance/page.html kept with {% cached_fragment fragment_key part %}.
PAGE_PARTS = ("breadcrumbs", "main")


def home(request):
    sections = list(
        GuidancePage.objects.published()
        .filter(level__lte=1)
        .only("id", "title", "summary", "path", "parent_id", "level", "tree_id", "lft")
        .order_by("tree_id", "lft")
    )
    translate_titles(sections)
    roots = [page for page in sections if page.level == 0]
    children_by_root = {root.pk: [] for root in roots}
    for page in sections:
        if page.parent_id in children_by_root:
            children_by_root[page.parent_id].append(page)
    return render(
        request,
        "guidance/home.html",
        {"sections": [(root, children_by_root[root.pk]) for root in roots]},
    )


def page_detail(request, path):
    path = path.strip("/")
    if not path or len(path) > MAX_PATH_LENGTH:
        raise Http404("No such page.")
    page = page_by_path(path)
    if page is None:
        moved = PageRedirect.objects.filter(old_path=path).select_related("page").first()
        # The page's own rule, ancestors included: the new address must not reveal the
        # slug of a draft or scheduled section it has been moved under.
        if moved is not None and moved.page.is_published and cached_page_context(moved.page):
            return redirect(moved.page.get_absolute_url(), permanent=True)
        gone = gone_response(request, path)
        if gone is not None:
            return gone
        raise Http404("No such page.")
    if not page.is_published:
        raise Http404("No such page.")
    as_of = "as_of" in request.GET
    # Its breadcrumbs and main column are the same for every reader in a language: kept
    # until content changes (pagecache/templatetags/fragments.py), and fetched from the
    # cache with its navigation in one round trip.
    key = f"guidance-page:{page.pk}"
    fragments = [] if as_of else [(CONTENT, fragment_key(key, part)) for part in PAGE_PARTS]
    with fetched_together([(TREE, navigation_key(page)), *fragments]):
        context = cached_page_context(page)
        if context is None:
            raise Http404("No such page.")
        if as_of:
            return as_of_response(request, page, context, request.GET["as_of"])
        in_english = translate_page(request, page)
        return render(
            request,
            "guidance/page.html",
            {"page": page, "nav": context, "in_english": in_english, "fragment_key": key},
        )


def whole_guide_page(request, section):
    """Every public page of a section on one page, to read through, print or save as PDF."""
    parts = whole_guide(section)
    if not parts:
        raise Http404("No such section.")
    context = {"top": parts[0], "parts": parts, "breadcrumb_ancestors": [parts[0].page]}
    return render(request, "guidance/whole_guide.html", context)
