from django import forms
from django.contrib import admin
from reversion.admin import VersionAdmin

from guidance.link_check import LinkCheckedBodyForm, LinkWarningsAdminMixin
from guidance.translation_admin import TranslationInline

from .models import Statement, StatementTranslation


class StatementTranslationInline(TranslationInline):
    """The statement's Welsh version; its dates are the English statement's."""

    model = StatementTranslation


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
