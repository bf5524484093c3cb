from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html_join

from guidance.admin import GuidancePageAdmin
from guidance.history_admin import RevisionHistoryAdmin
from guidance.link_check import LinkCheckedBodyForm, LinkWarningsAdminMixin
from guidance.models import GuidancePage
from tags.models import Tag

from .models import NewsItem, PinnedGuidance, PinnedNews, ProsecutionGuidance


def _describe_page_tag(link):
    return f"“{link.tag}” on “{link.guidancepage}”"


# The link between a tag and a page is Django's own through model: without this, the
# page's form labels each row "Tag_pages object (11)".
Tag.pages.through.__str__ = _describe_page_tag


class PageTagInline(admin.TabularInline):
    model = Tag.pages.through
    extra = 1
    verbose_name = "tag"
    verbose_name_plural = "Tags (link this page to news and prosecution guidance)"
    autocomplete_fields = ["tag"]


class PinnedNewsInline(admin.TabularInline):
    model = PinnedNews
    extra = 0
    autocomplete_fields = ["news_item"]
    verbose_name_plural = "Pinned news (shown first beside this page)"


class PinnedGuidanceInline(admin.TabularInline):
    model = PinnedGuidance
    extra = 0
    autocomplete_fields = ["guidance"]
    verbose_name_plural = "Pinned prosecution guidance (shown first beside this page)"


admin.site.unregister(GuidancePage)


@admin.register(GuidancePage)
class GuidancePageWithRelatedAdmin(GuidancePageAdmin):
    inlines = [*GuidancePageAdmin.inlines, PageTagInline, PinnedNewsInline, PinnedGuidanceInline]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "page_count", "news_count", "guidance_count")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("reaches",)
    fields = ("name", "slug", "reaches")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                pages_total=Count("pages", distinct=True),
                news_total=Count("news_items", distinct=True),
                guidance_total=Count("prosecution_guidance", distinct=True),
            )
        )

    @admin.display(description="guidance pages", ordering="pages_total")
    def page_count(self, tag):
        return tag.pages_total

    @admin.display(description="news items", ordering="news_total")
    def news_count(self, tag):
        return tag.news_total

    @admin.display(description="prosecution guidance", ordering="guidance_total")
    def guidance_count(self, tag):
        return tag.guidance_total

    @admin.display(description="What this tag reaches")
    def reaches(self, tag):
        if tag.pk is None:
            return "Nothing yet."
        items = [
            *(("Guidance page", p.title, p.status) for p in tag.pages.order_by("tree_id", "lft")),
            *(("News", n.title, n.status) for n in tag.news_items.all()),
            *(("Prosecution guidance", g.title, g.status) for g in tag.prosecution_guidance.all()),
        ]
        if not items:
            return "Nothing yet."
        return format_html_join("\n", "<p>{}: {} ({})</p>", items)


class LinkCheckedForm(LinkCheckedBodyForm, forms.ModelForm):
    pass


class TaggedAdmin(LinkWarningsAdminMixin, RevisionHistoryAdmin):
    form = LinkCheckedForm
    list_filter = ("status", "tags")
    search_fields = ("title", "summary", "body_markdown")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("tags",)


@admin.register(NewsItem)
class NewsItemAdmin(TaggedAdmin):
    list_display = ("title", "published_on", "status")
    date_hierarchy = "published_on"
    fields = ("title", "slug", "published_on", "status", "summary", "body_markdown", "tags")


@admin.register(ProsecutionGuidance)
class ProsecutionGuidanceAdmin(TaggedAdmin):
    list_display = ("title", "updated_on", "status")
    fields = (
        "title", "slug", "updated_on", "status", "summary", "external_url", "body_markdown",
        "tags",
    )  # fmt: skip
