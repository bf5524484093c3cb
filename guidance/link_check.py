"""Every internal link of a rendered body, resolved against what the site really holds.

A link to this site may be written as `/guidance/x/`, `guidance/x` (relative to the page it
is on), `https://our-host/guidance/x` or `#heading`, with or without a trailing slash. Each
is resolved to a path and an anchor, then checked against guidance pages (and the redirects
of pages that moved), news items, prosecution guidance, tags, offences, glossary entries and
the anchors each of them really has. External links are not fetched.
"""

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.urls import NoReverseMatch, Resolver404, resolve
from django.utils import translation

from languages.paths import language_of_path, path_in_language
from shared.declarations import declared

from .rendering import render_markdown

ID_RE = re.compile(r'\sid="([^"]+)"')


@dataclass(frozen=True)
class BrokenLink:
    text: str
    href: str
    reason: str

    def __str__(self):
        return f"“{self.text}” ({self.href}) leads nowhere: {self.reason}"


class _LinkReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self._open = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open = [dict(attrs).get("href") or "", ""]

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open is not None:
            href, text = self._open
            self.links.append((html.unescape(href), " ".join(text.split()) or href))
            self._open = None


def links_of(body_html):
    reader = _LinkReader()
    reader.feed(body_html)
    return reader.links


def own_hosts():
    hosts = {h.lower() for h in settings.ALLOWED_HOSTS if h and h != "*"}
    for origin in getattr(settings, "CSRF_TRUSTED_ORIGINS", []):
        host = urlsplit(origin).hostname
        if host:
            hosts.add(host.lower())
    return hosts


def _is_own_host(host):
    host = (host or "").lower()
    for allowed in own_hosts():
        if allowed.startswith(".") and (host == allowed[1:] or host.endswith(allowed)):
            return True
        if host == allowed.strip("[]") or host == allowed:
            return True
    return False


def internal_target(href, base_url):
    """(path, anchor) of a link to this site, or None for an external or non-web link."""
    href = href.strip()
    if not href:
        return None
    parts = urlsplit(href)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None  # mailto:, tel:
    if parts.netloc and not _is_own_host(parts.hostname):
        return None
    if not parts.scheme and not parts.netloc:
        parts = urlsplit(urljoin(base_url, href))
    return parts.path or base_url, parts.fragment


def broken_links(body_markdown, base_url="/", own_anchors=None):
    """The internal links of a body that lead nowhere, in the order they appear (no repeats).

    base_url is the address of the page the body is on (for relative links and `#anchor`);
    own_anchors, the ids of that page (worked out from the body when not given).
    """
    rendered = render_markdown(body_markdown).html
    if own_anchors is None:
        own_anchors = set(ID_RE.findall(rendered))
    broken, seen = [], set()
    for href, text in links_of(rendered):
        if href in seen:
            continue
        seen.add(href)
        target = internal_target(href, base_url)
        if target is None:
            continue
        path, anchor = target
        if path.startswith(settings.STATIC_URL):
            continue
        if path.rstrip("/") == base_url.rstrip("/") and href.startswith("#"):
            reason = "" if not anchor or anchor in own_anchors else _no_heading(anchor)
        else:
            reason = problem_with(path, anchor)
        if reason:
            broken.append(BrokenLink(text, href, reason))
    return broken


def _no_heading(anchor):
    return f"there is no heading or entry “#{anchor}” there"


def resolved(path):
    """The URL pattern a path of this site matches, with or without its trailing slash (a
    Welsh address /cy/… in Welsh, where its prefix matches)."""
    try:
        with translation.override(language_of_path(path)):
            return resolve(path if path.endswith("/") or "." in path else f"{path}/")
    except Resolver404:
        return None


def problem_with(path, anchor):
    """Why a path and anchor of this site lead nowhere, or "" if they lead somewhere.

    A Welsh address (/cy/advice/…, as Welsh bodies link) is checked in Welsh: its page,
    and the headings of the page's Welsh version where it has one.
    """
    with translation.override(language_of_path(path)):
        match = resolved(path)
        if match is None:
            return "no page has this address"
        check = _target_checks.get(match.view_name)
        if check is None:
            return ""  # a list, the search, the finder without an anchor: always there
        return check(match.kwargs, anchor)


def _guidance_page(kwargs, anchor):
    from .models import GuidancePage, PageRedirect

    page_path = kwargs["path"].strip("/")
    page = GuidancePage.objects.filter(path=page_path).only("headings", "body_html").first()
    if page is None:
        moved = PageRedirect.objects.filter(old_path=page_path).select_related("page").first()
        if moved is None:
            return "no page has this address"
        page = moved.page
    shown = _version_in_reader_language(page) or page  # what the address shows
    if anchor and anchor not in _anchors_of(shown.body_html, shown.headings):
        return _no_heading(anchor)
    return ""


def _version_in_reader_language(page):
    """The page's version in the active language, if that is not English and it has one."""
    from .models import PageTranslation

    language = translation.get_language()
    if language == settings.LANGUAGE_CODE:
        return None
    return PageTranslation.objects.filter(page=page, language=language).first()


def _anchors_of(body_html, headings=()):
    return {h["anchor"] for h in headings or []} | set(ID_RE.findall(body_html or ""))


def slug_target(model_path, noun):
    """A check for an item found by the `slug` in its address (a model "app.Model"); an
    anchor must be a heading of its body, or (for an item without one) its own slug."""

    def check(kwargs, anchor):
        from django.apps import apps

        model = apps.get_model(model_path)
        item = model.objects.filter(slug=kwargs["slug"]).first()
        if item is None:
            return f"there is no {noun} “{kwargs['slug']}”"
        body_html = getattr(item, "body_html", None)
        if anchor and body_html is not None and anchor not in _anchors_of(body_html):
            return _no_heading(anchor)
        if anchor and body_html is None and anchor != item.slug:
            return _no_heading(anchor)
        return ""

    return check


# {URL name: check(kwargs of the address, anchor) -> why it leads nowhere, or ""}. Each
# content app registers the addresses of its own items in its AppConfig.ready().
_target_checks = {"guidance:page": _guidance_page}


def register_link_target(view_name, check):
    _target_checks[view_name] = check


def link_problems(body, base_url, saved_body=None):
    """For a form's clean(): (links to refuse, links to warn about).

    A broken link the editor has just written is refused. One that was already in the saved
    text (its target deleted since, perhaps by someone else) never blocks the save: the
    editor is warned, with the link named, and may save.
    """
    broken = broken_links(body, base_url)
    if not broken:
        return [], []
    already = set()
    if saved_body:
        already = {link.href for link in broken_links(saved_body, base_url)}
    return (
        [link for link in broken if link.href not in already],
        [link for link in broken if link.href in already],
    )


def refusal_messages(links):
    return [f"The link {link}. Check its address." for link in links]


def warning_message(links):
    named = "; ".join(str(link) for link in links)
    return (
        f"Saved, but this page already had {len(links)} broken link(s), not added by you: "
        f"{named}. Please fix or remove them when you can."
    )


# The guidance tree's own kinds of content with a Markdown body that may link to a page:
# (label, model, the fields its address needs). Content apps declare theirs the same way,
# as `linking_bodies` on their AppConfig (shared/declarations.py).
LINKING_KINDS = (
    ("Guidance page", "guidance.GuidancePage", ("path",)),
    ("Welsh version of a page", "guidance.PageTranslation", ("language", "page__path")),
)


def linking_kinds():
    return [*LINKING_KINDS, *declared("linking_bodies")]


def linked_page_path(href, base_url):
    """The guidance page path a link on the page at base_url leads to, or None: the link
    check's own reading of a link (internal_target, then the site's URL patterns)."""
    target = internal_target(href, base_url)
    if target is None:
        return None
    match = resolved(target[0])
    if match is None or match.view_name != "guidance:page":
        return None
    return match.kwargs["path"].strip("/")


def pages_linking_to(path):
    """Every body (pages, news, prosecution guidance, statements, and their Welsh versions)
    with a link to the page at this path, or to one of its old addresses, in any form the
    link check reads: root-relative, relative to the body's own page, full with our host,
    with or without a trailing slash or an #anchor (a Welsh body's /cy/ form too).

    The database narrows the candidates to bodies that name the page's slug or hold a
    relative link (one query per kind); each candidate's links are then resolved exactly
    as the link check resolves them.
    """
    from django.apps import apps

    from .models import GuidancePage, PageRedirect, PageTranslation

    page_path = path.strip("/")
    targets = {page_path}
    targets.update(
        PageRedirect.objects.filter(page__path=page_path).values_list("old_path", flat=True)
    )
    condition = Q(body_html__contains='href=".')
    for target in targets:
        condition |= Q(body_html__contains=target.rsplit("/", 1)[-1])
    found = []
    for label, model_name, address_fields in linking_kinds():
        model = apps.get_model(model_name)
        owners = {field.split("__")[0] for field in address_fields if "__" in field}
        candidates = model.objects.filter(condition)
        if owners:
            candidates = candidates.select_related(*owners)
        candidates = candidates.only("pk", "title", "body_html", *address_fields)
        for item in candidates:
            # A page's own links, in either language, go with it.
            if isinstance(item, GuidancePage) and item.path == page_path:
                continue
            if isinstance(item, PageTranslation) and item.page.path == page_path:
                continue
            base_url = item.get_absolute_url()
            if any(
                linked_page_path(href, base_url) in targets for href, _ in links_of(item.body_html)
            ):
                found.append((label, item))
    return found


class LinkCheckedBodyForm:
    """Model form mixin for any content with a body_markdown and get_absolute_url().

    Refuses a broken link the editor has just written; keeps in ``link_warnings`` the broken
    links that were already in the saved text, for the admin to show as a warning.
    """

    link_warnings = ()

    def clean_body_markdown(self):
        body = self.cleaned_data.get("body_markdown", "")
        refused, self.link_warnings = link_problems(
            body, self.body_address(), saved_body=self.initial.get("body_markdown")
        )
        if refused:
            from django import forms

            raise forms.ValidationError(refusal_messages(refused))
        return body

    def body_address(self):
        slug = str(self.data.get(self.add_prefix("slug")) or self.instance.slug or "")[:200]
        if not slug:
            return "/"
        original = self.instance.slug
        try:
            self.instance.slug = slug
            return self.instance.get_absolute_url()
        except NoReverseMatch:  # a slug the URL pattern refuses: the field's own error says so
            return "/"
        finally:
            self.instance.slug = original


class TranslationBodyForm(LinkCheckedBodyForm):
    """Model form mixin for a translation (a Welsh version): its links are checked at its
    own address (/cy/…), as Welsh readers follow them."""

    def body_address(self):
        language = self.cleaned_data.get("language") or self.instance.language
        original = self.instance.language
        try:
            self.instance.language = language
            return self.instance.get_absolute_url()
        except (ObjectDoesNotExist, NoReverseMatch):  # a new item, not saved yet
            return path_in_language("/", language)
        finally:
            self.instance.language = original


class LinkWarningsAdminMixin:
    """Admin mixin: after a save, warn about the old broken links the form let through."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if getattr(form, "link_warnings", None):
            from django.contrib import messages

            self.message_user(request, warning_message(form.link_warnings), messages.WARNING)
