from django import forms
from django.contrib import admin

from guidance.history_admin import RevisionHistoryAdmin
from guidance.rerendering import batched_rerendering

from .models import Act, CybercrimeType, GlossaryTerm, GlossaryTermTranslation, Offence


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


class OffenceForm(forms.ModelForm):
    """The admin builds the fields from the fieldsets; this adds the check that spans the
    form and its many-to-many field, which the model's clean() cannot see."""

    def clean(self):
        cleaned = super().clean()
        ended = cleaned.get("in_force_until")
        replacements = cleaned.get("replaced_by")
        if ended and not (replacements or cleaned.get("transition_note", "").strip()):
            self.add_error(
                "transition_note",
                "An offence that has ended needs the offences that replaced it or a note.",
            )
        if replacements and self.instance.pk in {offence.pk for offence in replacements}:
            self.add_error("replaced_by", "An offence cannot replace itself.")
        return cleaned


@admin.register(Offence)
class OffenceAdmin(RerenderOnceAdmin):
    form = OffenceForm
    list_display = ("title", "act", "section", "mode_of_trial", "maximum_on_indictment")
    list_filter = ("category", "mode_of_trial", "act", "cybercrime_types")
    search_fields = ("title", "section", "conduct", "act__name")
    list_select_related = ("act",)
    autocomplete_fields = ("guidance_pages",)
    filter_horizontal = ("cybercrime_types", "replaced_by")
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
        ("Sources", {"fields": ("source", "penalty_source", "consent")}),
        (
            "In force",
            {"fields": ("in_force_from", "in_force_until", "replaced_by", "transition_note")},
        ),
    )


class GlossaryTermTranslationInline(admin.StackedInline):
    """The term in Welsh ("Cymraeg"), beside the English (content/glossary.cy.yaml)."""

    model = GlossaryTermTranslation
    extra = 0
    max_num = 1
    fields = ("language", "term", "abbreviation", "definition")
    verbose_name = verbose_name_plural = "Cymraeg (Welsh version)"


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(RerenderOnceAdmin):
    inlines = [GlossaryTermTranslationInline]
    list_display = ("headword", "term", "abbreviation")
    search_fields = ("term", "abbreviation", "definition")
    readonly_fields = ("slug",)
