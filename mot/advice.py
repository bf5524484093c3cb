"""The advice pages the checklist links to: public guidance pages, checked in one query."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language

from guidance.models import GuidancePage, PageTranslation
from guidance.visibility import is_public
from languages.paths import path_in_language


@dataclass(frozen=True)
class AdviceLink:
    url: str
    text: str  # the page title, and the heading the link points to
    in_english: bool = False  # an English page linked from a page in another language


def _split(url):
    path, _, anchor = url.partition("#")
    return path.strip("/"), anchor


def _looks_like_page_url(url):
    path = url.partition("#")[0]
    return path.startswith("/") and path.endswith("/") and not path.startswith("//")


def _ancestor_paths(path):
    parts = path.split("/")
    return ["/".join(parts[: end + 1]) for end in range(len(parts))]


def advice_links(urls):
    """{url: AdviceLink} for each url whose page is public and whose anchor is a heading on it.

    One query, however many links: a page is public when it and every page above it are
    published and due (a scheduled page is not public before its time).
    """
    urls = [url for url in urls if _looks_like_page_url(url)]
    wanted = {path for url in urls for path in _ancestor_paths(_split(url)[0])}
    now = timezone.now()
    pages = GuidancePage.objects.filter(path__in=wanted).only(
        "id", "parent_id", "status", "publish_at", "path", "title", "headings"
    )
    by_id = {page.pk: page for page in pages}
    # Public now: a scheduled page's title never shows before its time.
    public = {page.path: page for page in by_id.values() if is_public(page, by_id, now)}
    links = {}
    for url in urls:
        path, anchor = _split(url)
        if path not in public:
            continue
        page = public[path]
        if not anchor:
            links[url] = AdviceLink(url, page.title)
            continue
        heading = next((h["text"] for h in page.headings if h.get("anchor") == anchor), None)
        if heading is not None:
            links[url] = AdviceLink(url, f"{page.title}: {heading}")
    language = get_language()
    if language != settings.LANGUAGE_CODE and links:
        links = _in_language(links, public, language)
    return links


def _in_language(links, public, language):
    """The links to the reader's language's version of each page where it has one: the
    same heading is the one at the same place in the translation (a translation keeps the
    English headings' order); the others stay English, marked as such."""
    translations = {
        t.page_id: t
        for t in PageTranslation.objects.filter(
            page__in=[page.pk for page in public.values()], language=language
        ).only("page_id", "title", "headings")
    }
    translated = {}
    for url, link in links.items():
        path, anchor = _split(url)
        page = public[path]
        translation = translations.get(page.pk)
        if translation is None:
            translated[url] = AdviceLink(link.url, link.text, in_english=True)
            continue
        address = path_in_language(f"/{path}/", language)
        anchors = [h.get("anchor") for h in page.headings]
        if not anchor:
            translated[url] = AdviceLink(address, translation.title)
        elif anchor in anchors and len(translation.headings) == len(page.headings):
            heading = translation.headings[anchors.index(anchor)]
            translated[url] = AdviceLink(
                f"{address}#{heading['anchor']}", f"{translation.title}: {heading['text']}"
            )
        else:  # the headings differ: the top of the Welsh page
            translated[url] = AdviceLink(address, translation.title)
    return translated


def advice_problem(url):
    """Why url is not a link the checklist can use, or None."""
    if not _looks_like_page_url(url):
        return "Give the address of a page on this site, starting and ending with /: /advice/."
    if url not in advice_links([url]):
        return (
            f"{url} is not a page of this site that the public can read now (published, "
            "due, and every page above it too; a scheduled page is refused until its time), "
            "or the part after # is not a heading on it."
        )
    return None
