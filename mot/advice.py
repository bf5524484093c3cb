"""The advice pages the checklist links to: public guidance pages, checked in one query."""

from dataclasses import dataclass

from guidance.models import GuidancePage


@dataclass(frozen=True)
class AdviceLink:
    url: str
    text: str  # the page title, and the heading the link points to


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
    published = {
        page.path: page
        # Published and due now: a scheduled page's title never shows before its time.
        for page in GuidancePage.objects.published()
        .filter(path__in=wanted)
        .only("path", "title", "headings")
    }
    links = {}
    for url in urls:
        path, anchor = _split(url)
        if not path or not all(p in published for p in _ancestor_paths(path)):
            continue
        page = published[path]
        if not anchor:
            links[url] = AdviceLink(url, page.title)
            continue
        heading = next((h["text"] for h in page.headings if h.get("anchor") == anchor), None)
        if heading is not None:
            links[url] = AdviceLink(url, f"{page.title}: {heading}")
    return links


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
