"""How guidance pages appear in the site search (found by the search app at start-up)."""

from django.urls import reverse
from mptt.signals import node_moved

from search.indexing import reindex_objects
from search.registry import IndexEntry, Searchable, register

from .models import GuidancePage

# Changing one of these changes what the page's descendants show or whether they are public.
INHERITED_FIELDS = ("title", "slug", "parent_id", "status")
TREE_FIELDS = ("id", "title", "slug", "parent_id", "status", "tree_id", "lft", "rght")


def _url(path):
    return reverse("guidance:page", kwargs={"path": path})


class GuidancePageSearch(Searchable):
    kind = "guidance"
    label = "Guidance and advice"
    model = GuidancePage
    order = 10

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
                if cursor is None or cursor.status != GuidancePage.Status.PUBLISHED:
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
