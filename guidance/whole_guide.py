"""A section of the guide on one page, to read straight through, print or save as PDF.

Every public page of one tree, in tree order, each page's stored HTML with its headings
moved down by its depth (so the document outline stays valid) and its ids and links made
unique within the one document: a page's anchor is its path with "/" as "--" (slugs hold
only letters, digits and "-"), and each of its own ids is that anchor, "__" and the id, so
a page's anchor never equals a heading's. Links to a page (or a heading on a page) that is
in the document become links to its anchor; every other link is left alone.

Stored HTML has been through the sanitiser (guidance.rendering), so its attributes are
always written `name="value"` with the value escaped: simple patterns can rewrite them.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language

from languages.paths import path_without_language

from .models import GuidancePage, PageTranslation
from .visibility import public_in_tree_order

DEEPEST_HEADING = 6
ID_SEPARATOR = "__"
WHOLE_GUIDE_FIELDS = (
    "id", "parent_id", "status", "publish_at", "path", "title", "summary", "body_html",
    "level", "tree_id", "lft",
)  # fmt: skip

HEADING_RE = re.compile(r"<(/?)h([2-6])\b")
ID_RE = re.compile(r'\bid="([^"]*)"')
HREF_RE = re.compile(r'\bhref="([^"]*)"')


@dataclass
class GuidePart:
    page: GuidancePage
    anchor: str
    title_level: int
    body_html: str


def page_anchor(path):
    return path.replace("/", "--")


def public_tree(root_slug):
    """The public pages of the tree whose top page has this slug, in tree order: one query.

    A page under a draft (or a page not yet due) is left out with it, as on the site.
    """
    pages = (
        GuidancePage.objects.filter(tree_id__in=GuidancePage.objects.filter(
            parent=None, slug=root_slug
        ).values("tree_id"))
        .only(*WHOLE_GUIDE_FIELDS)
        .order_by("lft")
    )  # fmt: skip
    return public_in_tree_order(pages)


def _shift_headings(html, by):
    def shifted(match):
        level = min(int(match.group(2)) + by, DEEPEST_HEADING)
        return f"<{match.group(1)}h{level}"

    return HEADING_RE.sub(shifted, html) if by else html


def _internal_target(href, anchors):
    """The in-document anchor a link leads to, or None if it leads outside the document."""
    path, _, fragment = href.partition("#")
    if href.startswith("#"):
        return None
    if not path.startswith("/") or path.startswith("//"):
        return None
    # A Welsh body links to /cy/advice/…: the same page, so the same anchor.
    anchor = anchors.get(path_without_language(path).strip("/"))
    if anchor is None:
        return None
    return f"{anchor}{ID_SEPARATOR}{fragment}" if fragment else anchor


def _rewrite_ids_and_links(html, anchor, anchors):
    html = ID_RE.sub(lambda match: f'id="{anchor}{ID_SEPARATOR}{match.group(1)}"', html)

    def rewritten(match):
        href = match.group(1)
        if href.startswith("#"):
            return f'href="#{anchor}{ID_SEPARATOR}{href[1:]}"'
        target = _internal_target(href, anchors)
        return f'href="#{target}"' if target else match.group(0)

    return HREF_RE.sub(rewritten, html)


def whole_guide(root_slug):
    """The parts of the whole guide, or [] when the section has no public top page."""
    pages = public_tree(root_slug)
    if not pages or pages[0].level != 0:
        return []
    in_reader_language(pages)
    anchors = {page.path: page_anchor(page.path) for page in pages}
    parts = []
    for page in pages:
        anchor = anchors[page.path]
        # The top page's title is the document's h1; a page one level down has an h2
        # title and its own h2 headings become h3, and so on.
        body = _shift_headings(page.body_html, page.level)
        parts.append(
            GuidePart(
                page=page,
                anchor=anchor,
                title_level=min(page.level + 1, DEEPEST_HEADING),
                body_html=_rewrite_ids_and_links(body, anchor, anchors),
            )
        )
    return parts


def in_reader_language(pages):
    """Each page's version in the reader's language where it has one (in memory only); a
    page without one is marked `in_english`, for its lang="en"."""
    language = get_language()
    translations = {}
    if language != settings.LANGUAGE_CODE:
        translations = {
            t.page_id: t
            for t in PageTranslation.objects.filter(
                page__in=[page.pk for page in pages], language=language
            )
        }
    for page in pages:
        translation = translations.get(page.pk)
        page.in_english = language != settings.LANGUAGE_CODE and translation is None
        if translation is not None:
            page.title, page.summary = translation.title, translation.summary
            page.body_html = translation.body_html
