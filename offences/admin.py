from django.contrib import admin

from guidance.history_admin import RevisionHistoryAdmin

from .models import Act, CybercrimeType, GlossaryTerm, Offence
from .rerendering import batched_rerendering


class RerenderOnceAdmin(RevisionHistoryAdmin):
    """One form saves an object and then its relations: the pages that show the data are
    re-rendered once, after both."""

    def changeform_view(self, *args, **kwargs):
        with batched_rerendering():
            return super().changeform_view(*args, **kwargs)

    def delete_view(self, *args, **kwargs):
        with batched_rerendering():
            return super().delete_view(*args, **kwargs)

    def changelist_view(self, *args, **kwargs):
        with batched_rerendering():
            return super().changelist_view(*args, **kwargs)


@admin.register(Act)
class ActAdmin(RerenderOnceAdmin):
    list_display = ("name", "year", "chapter")
    search_fields = ("name",)


@admin.register(CybercrimeType)
class CybercrimeTypeAdmin(RerenderOnceAdmin):
    list_display = ("name", "category", "sort_order")
    list_filter = ("category",)
    list_editable = ("sort_order",)


@admin.register(Offence)
class OffenceAdmin(RerenderOnceAdmin):
    list_display = ("title", "act", "section", "mode_of_trial", "maximum_on_indictment")
    list_filter = ("category", "mode_of_trial", "act", "cybercrime_types")
    search_fields = ("title", "section", "conduct", "act__name")
    list_select_related = ("act",)
    autocomplete_fields = ("guidance_pages",)
    filter_horizontal = ("cybercrime_types",)
    fieldsets = (
        (None, {"fields": ("slug", "act", "section", "title", "conduct", "sort_order")}),
        ("Classification", {"fields": ("category", "cybercrime_types", "guidance_pages")}),
        (
            "Trial and penalty",
            {
                "fields": (
                    "mode_of_trial",
                    "maximum_on_summary_conviction",
                    "maximum_on_indictment",
                    "longest_sentence_months",
                    "life_sentence",
                )
            },
        ),
    )


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(RerenderOnceAdmin):
    list_display = ("headword", "term", "abbreviation")
    search_fields = ("term", "abbreviation", "definition")
    readonly_fields = ("slug",)
