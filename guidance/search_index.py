"""How guidance pages appear in the site search (found by the search app at start-up)."""

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from mptt.signals import node_moved

from portal.reversing import reverse_slug
from search.indexing import reindex_objects
from search.registry import IndexEntry, Searchable, register

from .models import GuidancePage

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
            chain = []
            cursor = page
            public = True
            while cursor.parent_id is not None:
                cursor = tree.get(cursor.parent_id)
                if cursor is None or not cursor.is_published:
                    public = False
                    break
                chain.insert(0, cursor)
            if not public:
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
        since = cache.get(CATCH_UP_KEY)
        due = GuidancePage.objects.filter(status=GuidancePage.Status.PUBLISHED, publish_at__lte=now)
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
            cache.set(CATCH_UP_KEY, now, timeout=None)

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


guidance_search = register(GuidancePageSearch())


def reindex_moved_page(sender, instance, **kwargs):
    """A drag in the admin moves a subtree without saving it."""
    reindex_objects(guidance_search, instance.get_descendants(include_self=True).only("id"))


node_moved.connect(reindex_moved_page, sender=GuidancePage, dispatch_uid="search-guidance-moved")
