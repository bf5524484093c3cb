from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from guidance.visibility import public_pages
from pagecache.shells import keeps_shell
from pagecache.stored_parts import PageParts
from tags.models import Tag

from .models import NewsItem, ProsecutionGuidance
from .related import attach_tags, related_guidance_for, related_news_for

PER_PAGE = 10


# The query parameters that choose what a list shows: every other one leaves it as it is.
LIST_QUERY = ("tag", "page")


def _filtered_list(request, model, template, heading):
    """A newest-first list, filtered by one tag from a plain GET form, paginated.

    An unknown tag is ignored with a notice; a bad page number gives the first or last page.
    Each list page (topic and page number) is the same for every reader until content
    changes: it is stored, and read back in one query (pagecache/stored_parts.py), but only
    when asked for by its own canonical query, so that made-up addresses store nothing.
    """
    asked = {name: request.GET.get(name) for name in LIST_QUERY}
    query = urlencode([(name, value) for name, value in asked.items() if value is not None])
    stored_parts = PageParts(request, query=f"?{query}" if query else "").fetch()
    if stored_parts.found is not None:
        return render(request, template, {"heading": heading, "stored_parts": stored_parts})
    queryset = model.objects.published()
    topics = Tag.objects.filter(Exists(queryset.filter(tags=OuterRef("pk"))))
    requested = asked["tag"] or ""
    chosen = next((t for t in topics if t.slug == requested), None)
    if chosen is not None:
        queryset = queryset.filter(tags=chosen)
    page = Paginator(queryset.defer("body_markdown", "body_html"), PER_PAGE).get_page(asked["page"])
    items = list(page.object_list)
    attach_tags(items)
    response = render(
        request,
        template,
        {
            "heading": heading,
            "page_obj": page,
            "items": items,
            "topics": topics,
            "chosen_topic": chosen,
            "unknown_topic": requested if requested and chosen is None else "",
            "stored_parts": stored_parts,
        },
    )
    if (not requested or chosen is not None) and asked["page"] in (None, str(page.number)):
        stored_parts.save()
    return response


@keeps_shell(query_that_changes_the_page=LIST_QUERY)
def news_list(request):
    return _filtered_list(
        request,
        NewsItem,
        "publications/news_list.html",
        _("News"),
    )


@keeps_shell(query_that_changes_the_page=LIST_QUERY)
def guidance_list(request):
    return _filtered_list(
        request,
        ProsecutionGuidance,
        "publications/guidance_list.html",
        _("Prosecution guidance"),
    )


def news_detail(request, slug):
    item = get_object_or_404(NewsItem.objects.published(), slug=slug)
    attach_tags([item])
    return render(
        request, "publications/news_detail.html", {"item": item, "related": related_news_for(item)}
    )


def guidance_detail(request, slug):
    item = get_object_or_404(ProsecutionGuidance.objects.published(), slug=slug)
    attach_tags([item])
    return render(
        request,
        "publications/guidance_detail.html",
        {"item": item, "related": related_guidance_for(item)},
    )


def tag_detail(request, slug):
    tag = get_object_or_404(
        Tag.objects.prefetch_related(
            Prefetch("news_items", queryset=NewsItem.objects.published()),
            Prefetch("prosecution_guidance", queryset=ProsecutionGuidance.objects.published()),
        ),
        slug=slug,
    )
    visible = {page.pk for page in public_pages()}
    pages = [page for page in tag.pages.order_by("tree_id", "lft") if page.pk in visible]
    news = list(tag.news_items.all())
    guidance = list(tag.prosecution_guidance.all())
    if not (pages or news or guidance):
        raise Http404("Nothing public has this tag.")
    return render(
        request,
        "publications/tag_detail.html",
        {"tag": tag, "pages": pages, "news": news, "guidance": guidance},
    )
