from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from guidance.visibility import public_pages
from tags.models import Tag

from .models import NewsItem, ProsecutionGuidance
from .related import attach_tags, related_guidance_for, related_news_for

PER_PAGE = 10


def _filtered_list(request, queryset, template, heading, tags_relation):
    """A newest-first list, filtered by one tag from a plain GET form, paginated.

    An unknown tag is ignored with a notice; a bad page number gives the first or last page.
    """
    topics = Tag.objects.filter(**{f"{tags_relation}__status": "published"}).distinct()
    requested = request.GET.get("tag", "")
    chosen = next((t for t in topics if t.slug == requested), None)
    if chosen is not None:
        queryset = queryset.filter(tags=chosen)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    attach_tags(items)
    return render(
        request,
        template,
        {
            "heading": heading,
            "page_obj": page,
            "items": items,
            "topics": topics,
            "chosen_topic": chosen,
            "unknown_topic": requested if requested and chosen is None else "",
        },
    )


def news_list(request):
    return _filtered_list(
        request,
        NewsItem.objects.published(),
        "publications/news_list.html",
        _("News"),
        "news_items",
    )


def guidance_list(request):
    return _filtered_list(
        request,
        ProsecutionGuidance.objects.published(),
        "publications/guidance_list.html",
        _("Prosecution guidance"),
        "prosecution_guidance",
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
