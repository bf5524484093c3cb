from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from .models import Statement, StatementTranslation


def statement_detail(request, slug):
    statement = get_object_or_404(Statement.objects.defer("body_markdown"), slug=slug)
    translations = {t.language: t for t in StatementTranslation.objects.filter(statement=statement)}
    request.page_languages = [settings.LANGUAGE_CODE, *translations]
    translation = translations.get(get_language())
    if translation is not None:
        statement.title, statement.summary = translation.title, translation.summary
        statement.body_html, statement.headings = translation.body_html, translation.headings
    in_english = get_language() != settings.LANGUAGE_CODE and translation is None
    return render(
        request,
        "statements/statement.html",
        {"statement": statement, "in_english": "not-translated" if in_english else ""},
    )
