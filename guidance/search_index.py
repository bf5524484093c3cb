"""How guidance pages appear in the site search (named in GuidanceConfig.search_documents)."""

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from mptt.signals import node_moved

from search.indexing import reindex_objects, reindex_soon
from search.registry import IndexEntry, Searchable
from shared.cache import of_this_database
from shared.reversing import reverse_slug

from .models import GuidancePage, PageTranslation
from .reader_language import translate_titles
from .visibility import public_ancestors

# Changing one of these changes what the page's descendants show or whether they are public.
INHERITED_FIELDS = ("title", "slug", "parent_id", "status", "publish_at")
TREE_FIELDS = (
    "id", "title", "slug", "parent_id", "status", "publish_at", "tree_id", "lft", "rght"
)  # fmt: skip


CATCH_UP_KEY = "search:guidance-scheduled-caught-up-to"


def _url(path):
    return reverse_slug("guidance:page", "path", path)


class GuidancePageSearch(Searchable):
    kind = "guidance"
    label = _("Guidance and advice")
    model = GuidancePage
    order = 10
    help_url_prefixes = ("/advice/",)  # the public advice section (content/advice/)

    def public_objects(self):
        return GuidancePage.objects.published()

    def entries(self, pages):
        """Entries for the pages that are public, with breadcrumbs, in two queries.

        A published page under a draft is not public, so each page's ancestors are
        loaded (only their tree fields) to check that and to build its breadcrumbs.
        Paths are computed from slugs, not read from the page: this runs while a moved
        page's descendants still hold their old stored paths.
        """
        pages = list(pages.order_by("tree_id", "lft"))
        if not pages:
            return
        ancestors = {}
        for page in pages:
            ancestors.setdefault(page.tree_id, []).append((page.lft, page.rght))
        tree = {
            node.pk: node
            for node in GuidancePage.objects.filter(
                tree_id__in=list(ancestors),
                lft__lte=max(p.lft for p in pages),
                rght__gte=min(p.rght for p in pages),
            ).only(*TREE_FIELDS)
        }
        tree.update({page.pk: page for page in pages})
        paths = {}

        def path_of(node):
            if node.pk not in paths:
                parent = tree.get(node.parent_id) if node.parent_id else None
                paths[node.pk] = f"{path_of(parent)}/{node.slug}" if parent else node.slug
            return paths[node.pk]

        for page in pages:
            chain = public_ancestors(page, tree)
            if chain is None:
                continue
            yield IndexEntry(
                object_id=page.pk,
                title=page.title,
                url=_url(path_of(page)),
                summary=page.summary,
                body_html=page.body_html,
                headings=[heading["text"] for heading in page.headings],
                breadcrumbs=[(node.title, _url(path_of(node))) for node in chain],
            )

    def catch_up(self):
        """Index the subtrees of scheduled pages whose time came since the last search.

        The shared cache holds the time of the last catch-up, so each scheduled page is
        indexed once across all app servers; without it (a restart) every page whose time
        has passed is indexed again, which changes nothing.
        """
        now = timezone.now()
        since = cache.get(of_this_database(CATCH_UP_KEY))
        due = GuidancePage.objects.published(now).filter(publish_at__isnull=False)
        if since is not None:
            due = due.filter(publish_at__gt=since)
        pages = list(due.only("id", "tree_id", "lft", "rght"))
        for page in pages:
            try:
                with transaction.atomic():
                    reindex_objects(self, page.get_descendants(include_self=True).only("id"))
            except IntegrityError:
                pass  # another app server indexed it at the same moment
        if since is None or pages:  # nothing new since `since`: the mark can stay
            cache.set(of_this_database(CATCH_UP_KEY), now, timeout=None)

    def entry(self, page):
        return next(self.entries(GuidancePage.objects.filter(pk=page.pk)), None)

    def before_save(self, page):
        previous = None
        if page.pk:
            previous = GuidancePage.objects.filter(pk=page.pk).values(*INHERITED_FIELDS).first()
        page._search_previous = previous

    def objects_to_reindex(self, page):
        previous = getattr(page, "_search_previous", None)
        unchanged = previous is not None and all(
            previous[field] == getattr(page, field) for field in INHERITED_FIELDS
        )
        if unchanged or page.is_leaf_node():
            return [page]
        return page.get_descendants(include_self=True).only("id")


guidance_search = GuidancePageSearch()


def sections_to_browse():
    """Offered when a search finds nothing: the top page of each section, titled in the
    reader's language where it has a version in it."""
    sections = list(
        GuidancePage.objects.published()
        .filter(parent__isnull=True)  # indexed, unlike level
        .only("id", "title", "summary", "path")
        .order_by("tree_id")
    )
    translate_titles(sections)
    return sections


class WelshPageSearch(Searchable):
    """The Welsh versions of public pages, searched from /cy/search/ (and only there).

    Indexed by the same tokenizer as the English pages: on SQLite FTS5's porter stemmer, on
    PostgreSQL the english configuration. Neither knows Welsh, so a Welsh word matches only
    itself and forms that differ by an English ending (no Welsh stemming, no mutations).
    """

    kind = "welsh"  # one FTS5 token: "guidance-cy" would match the kind filter "guidance"
    label = _("Guidance and advice")
    model = PageTranslation
    language = "cy"
    order = 10
    help_url_prefixes = ("/cy/advice/",)

    def public_objects(self):
        return PageTranslation.objects.filter(
            language=self.language, page__in=GuidancePage.objects.published()
        )

    def entries(self, translations):
        """The page's own entry (public only if every ancestor is), in Welsh words and at
        its Welsh address; the breadcrumbs with Welsh titles where the pages have them."""
        translations = {t.page_id: t for t in translations}
        if not translations:
            return
        with translation.override(self.language):
            pages = GuidancePage.objects.filter(pk__in=list(translations))
            entries = list(guidance_search.entries(pages))
        crumb_paths = {url for entry in entries for _, url in entry.breadcrumbs}
        welsh_titles = dict(
            PageTranslation.objects.filter(
                language=self.language,
                page__path__in=[
                    url.strip("/").removeprefix(f"{self.language}/") for url in crumb_paths
                ],
            ).values_list("page__path", "title")
        )
        for entry in entries:
            welsh = translations[entry.object_id]
            yield IndexEntry(
                object_id=welsh.pk,
                title=welsh.title,
                url=entry.url,
                summary=welsh.summary,
                body_html=welsh.body_html,
                headings=[heading["text"] for heading in welsh.headings],
                breadcrumbs=[
                    (welsh_titles.get(url.strip("/").removeprefix(f"{self.language}/"), title), url)
                    for title, url in entry.breadcrumbs
                ],
            )

    def catch_up(self):
        """The Welsh versions of pages whose publishing time has come (see GuidancePageSearch)."""
        now = timezone.now()
        key = of_this_database(f"{CATCH_UP_KEY}:{self.language}")
        since = cache.get(key)
        due = PageTranslation.objects.filter(
            language=self.language,
            page__in=GuidancePage.objects.published(now).filter(publish_at__isnull=False),
        )
        if since is not None:
            due = due.filter(page__publish_at__gt=since)
        ids = list(due.values_list("pk", flat=True))
        if ids:
            try:
                with transaction.atomic():
                    reindex_objects(self, ids)
            except IntegrityError:
                pass  # another app server indexed them at the same moment
        if since is None or ids:
            cache.set(key, now, timeout=None)


welsh_search = WelshPageSearch()


def reindex_welsh_versions(sender, instance, raw=False, **kwargs):
    """A page's save can change whether its Welsh version (and those below it) is public,
    and their breadcrumbs: the Welsh documents follow the English ones."""
    if raw:
        return
    pages = guidance_search.objects_to_reindex(instance)
    page_ids = [page.pk for page in pages] if isinstance(pages, list) else pages.values("pk")
    reindex_soon(
        welsh_search,
        PageTranslation.objects.filter(page__in=page_ids).values_list("pk", flat=True),
    )


post_save.connect(reindex_welsh_versions, sender=GuidancePage, dispatch_uid="search-welsh-pages")


def reindex_moved_page(sender, instance, **kwargs):
    """A drag in the admin moves a subtree without saving it."""
    subtree = instance.get_descendants(include_self=True).only("id")
    reindex_objects(guidance_search, subtree)
    reindex_objects(welsh_search, PageTranslation.objects.filter(page__in=subtree.values("pk")))


node_moved.connect(reindex_moved_page, sender=GuidancePage, dispatch_uid="search-guidance-moved")
