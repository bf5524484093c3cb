"""A page in the reader's language: its Welsh version put in place of the English, in memory.

The rows stay as stored; a view swaps the title, summary and body of the instance it
renders, and marks what stays English (lang="en" in the templates).
"""

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.translation import get_language

from .models import PageTranslation
from .translations import TRANSLATION_LANGUAGES


def translate_page(request, page):
    """Put the reader's language's version of the page in place (in memory only).

    Returns why the page is shown in English on a page in another language, or "": the
    prosecution guidance is published in English only ("english-only"), and a page may not
    have been translated yet ("not-translated"). Tells the language links (request.
    page_languages) which versions exist, for hreflang and the header's language link.
    """
    translated, english_only = note_page_languages(request, page)
    language = get_language()
    if language == settings.LANGUAGE_CODE:
        return ""
    translation = None
    if language in translated:
        translation = PageTranslation.objects.filter(page=page, language=language).first()
    if translation is None:
        return "english-only" if english_only else "not-translated"
    page.title, page.summary = translation.title, translation.summary
    page.body_html, page.headings = translation.body_html, translation.headings
    return ""


def note_page_languages(request, page):
    """Tell the language links which versions of the page exist (no query: the page's own
    query asked). Returns those languages, and whether the page is published in English only."""
    translated = [code for code, _ in TRANSLATION_LANGUAGES if getattr(page, f"has_{code}")]
    english_only = page.path.split("/")[0] in settings.ENGLISH_ONLY_SECTIONS
    if not english_only:
        request.page_languages = [settings.LANGUAGE_CODE, *translated]
    return translated, english_only


def translation_flags():
    """has_cy and the like: whether a page has a version in each other language, asked in
    the page's own query (an English reader's page costs no query more)."""
    return {
        f"has_{code}": Exists(PageTranslation.objects.filter(page=OuterRef("pk"), language=code))
        for code, _ in TRANSLATION_LANGUAGES
    }


def translate_titles(pages):
    """Titles and summaries of a list of pages in the reader's language, where translated."""
    language = get_language()
    if language == settings.LANGUAGE_CODE or not pages:
        return
    translations = {
        t.page_id: t
        for t in PageTranslation.objects.filter(
            page__in=[page.pk for page in pages], language=language
        ).only("page_id", "title", "summary")
    }
    for page in pages:
        page.in_english = page.pk not in translations
        if page.pk in translations:
            page.title = translations[page.pk].title
            page.summary = translations[page.pk].summary
