from django import forms
from django.contrib import admin
from reversion.admin import VersionAdmin

from guidance.link_check import (
    LinkCheckedBodyForm,
    LinkWarningsAdminMixin,
    TranslationBodyForm,
)
from guidance.translations import TRANSLATION_LANGUAGES

from .models import Statement, StatementTranslation


class StatementTranslationForm(TranslationBodyForm, forms.ModelForm):
    pass


class StatementTranslationInline(admin.StackedInline):
    """The statement's Welsh version ("Cymraeg"), beside the English; its dates are these.
    A link in it that leads nowhere is refused, as in the English body."""

    model = StatementTranslation
    form = StatementTranslationForm
    extra = 0
    max_num = len(TRANSLATION_LANGUAGES)
    fields = ("language", "title", "summary", "body_markdown")
    verbose_name = "Cymraeg (Welsh version)"
    verbose_name_plural = "Cymraeg (Welsh version)"


class StatementForm(LinkCheckedBodyForm, forms.ModelForm):
    pass


@admin.register(Statement)
class StatementAdmin(LinkWarningsAdminMixin, VersionAdmin):
    """Every save is a revision: "History" lists them and any one can be restored. A link
    that leads nowhere is refused, as in every other body."""

    form = StatementForm

    inlines = [StatementTranslationInline]
    list_display = ("title", "slug", "reviewed_on", "updated_at")
    search_fields = ("title", "body_markdown")
    fields = (
        "title",
        "slug",
        "summary",
        "body_markdown",
        "prepared_on",
        "reviewed_on",
        "checks_passed_on",
    )
