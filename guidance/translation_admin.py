"""The "Cymraeg" inline: an item's Welsh version, edited beside the English on its form."""

from django import forms
from django.contrib import admin

from .link_check import TranslationBodyForm
from .translations import TRANSLATION_LANGUAGES


class TranslationForm(TranslationBodyForm, forms.ModelForm):
    pass


class TranslationInline(admin.StackedInline):
    """A subclass names its `model` (a Translation). A link in the Welsh body that leads
    nowhere is refused, at the Welsh address, as in the English body."""

    form = TranslationForm
    extra = 0
    max_num = len(TRANSLATION_LANGUAGES)
    fields = ("language", "title", "summary", "body_markdown")
    verbose_name = "Cymraeg (Welsh version)"
    verbose_name_plural = "Cymraeg (Welsh version)"
