from django.http import Http404
from django.shortcuts import redirect, render

from pagecache.shells import keeps_shell
from pagecache.stored_parts import PageParts

from .as_of import as_of_response
from .deletion import gone_response
from .models import GuidancePage, PageRedirect
from .navigation import cached_page_context
from .page_query import page_by_path, page_with_stored_parts
from .reader_language import note_page_languages, translate_page, translate_titles
from .whole_guide import whole_guide

MAX_PATH_LENGTH = 500


@keeps_shell()
def home(request):
    # Its sections change only with content: stored until then (pagecache/stored_parts.py).
    stored_parts = PageParts(request).fetch()
    if stored_parts.found is not None:
        return render(request, "guidance/home.html", {"stored_parts": stored_parts})
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
    response = render(
        request,
        "guidance/home.html",
        {
            "sections": [(root, children_by_root[root.pk]) for root in roots],
            "stored_parts": stored_parts,
        },
    )
    stored_parts.save()
    return response


@keeps_shell(query_that_changes_the_page=["as_of"])
def page_detail(request, path):
    path = path.strip("/")
    if not path or len(path) > MAX_PATH_LENGTH:
        raise Http404("No such page.")
    if "as_of" in request.GET:
        return _page_as_of_a_date(request, path)
    # Everything but the layout is the same for every reader in a language until content
    # changes: stored then, and read back with the page (pagecache/stored_parts.py).
    stored_parts = PageParts(request)
    page = page_with_stored_parts(path, stored_parts)
    if page is None:
        return _moved_or_gone(request, path)
    if not page.is_published:
        raise Http404("No such page.")
    if stored_parts.found is not None:
        # Stored only for a public page, with the version every change of a page above it
        # moves on: it is public still.
        note_page_languages(request, page)
        return render(request, "guidance/page.html", {"page": page, "stored_parts": stored_parts})
    # To render its parts: the whole row, read after the stored parts' version.
    page = page_by_path(path)
    if page is None or not page.is_published:
        raise Http404("No such page.")
    context = _public_page_context(page)
    in_english = translate_page(request, page)
    response = render(
        request,
        "guidance/page.html",
        {"page": page, "nav": context, "in_english": in_english, "stored_parts": stored_parts},
    )
    stored_parts.save()
    return response


def _page_as_of_a_date(request, path):
    """The page as it stood on a date (?as_of=): rendered from its history every time."""
    page = page_by_path(path)
    if page is None:
        return _moved_or_gone(request, path)
    if not page.is_published:
        raise Http404("No such page.")
    return as_of_response(request, page, _public_page_context(page), request.GET["as_of"])


def _public_page_context(page):
    """The page's navigation, or 404 when a page above it is not public."""
    context = cached_page_context(page)
    if context is None:
        raise Http404("No such page.")
    return context


def _moved_or_gone(request, path):
    """No page at the address: a redirect to where it moved, 410 if it was deleted, or 404."""
    moved = PageRedirect.objects.filter(old_path=path).select_related("page").first()
    # The page's own rule, ancestors included: the new address must not reveal the slug of
    # a draft or scheduled section it has been moved under.
    if moved is not None and moved.page.is_published and cached_page_context(moved.page):
        return redirect(moved.page.get_absolute_url(), permanent=True)
    gone = gone_response(request, path)
    if gone is not None:
        return gone
    raise Http404("No such page.")


def whole_guide_page(request, section):
    """Every public page of a section on one page, to read through, print or save as PDF."""
    parts = whole_guide(section)
    if not parts:
        raise Http404("No such section.")
    context = {"top": parts[0], "parts": parts, "breadcrumb_ancestors": [parts[0].page]}
    return render(request, "guidance/whole_guide.html", context)
