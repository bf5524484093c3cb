from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet

from .rendering import render_markdown
from .tree_lock import lock_tree, refresh_tree_fields

# Top-level slugs that would shadow the portal's own URLs.
RESERVED_ROOT_SLUGS = frozenset(
    {
        "accessibility", "admin", "digital-mot", "display", "feedback", "feeds", "glossary",
        "healthz", "news", "offences", "prosecution-guidance", "robots.txt", "search",
        "sitemap.xml", "static", "tags",
    }
)  # fmt: skip


class PublicPageQuerySet(TreeQuerySet):
    def published(self):
        return self.filter(status=GuidancePage.Status.PUBLISHED)


class GuidancePageManager(TreeManager.from_queryset(PublicPageQuerySet)):
    def move_node(self, node, target, position="last-child"):
        with transaction.atomic():
            lock_tree()
            refresh_tree_fields(node, target)
            return super().move_node(node, target, position)


class GuidancePage(MPTTModel):
    """A page of the guidance tree. Its URL is the path of slugs from its root."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, allow_unicode=False)
    parent = TreeForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    sibling_order = models.PositiveIntegerField(
        default=0, help_text="Position among the pages that share its parent (lowest first)."
    )
    path = models.CharField(max_length=500, unique=True, editable=False)
    summary = models.CharField(max_length=300, blank=True)
    body_markdown = models.TextField(blank=True)
    body_html = models.TextField(blank=True, editable=False)
    headings = models.JSONField(default=list, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GuidancePageManager()

    class MPTTMeta:
        order_insertion_by = ["sibling_order", "title"]

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["parent", "slug"], name="unique_slug_among_siblings"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guidance:page", kwargs={"path": self.path})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def clean(self):
        super().clean()
        if self.parent_id is None and self.slug in RESERVED_ROOT_SLUGS:
            raise ValidationError(
                {"slug": f"“{self.slug}” is reserved for another part of the site."}
            )
        siblings = GuidancePage.objects.filter(parent=self.parent, slug=self.slug).exclude(
            pk=self.pk
        )
        if self.slug and siblings.exists():
            raise ValidationError({"slug": "Another page under the same parent has this slug."})

    def compute_path(self):
        if self.parent_id is None:
            return self.slug
        return f"{self.parent.path}/{self.slug}"

    def render_body(self):
        rendered = render_markdown(self.body_markdown)
        self.body_html = rendered.html
        self.headings = [
            {"level": h.level, "text": h.text, "anchor": h.anchor} for h in rendered.headings
        ]

    def save(self, *args, **kwargs):
        self.render_body()
        old_path = None
        if self.pk:
            old_path = (
                GuidancePage.objects.filter(pk=self.pk).values_list("path", flat=True).first()
            )
        with transaction.atomic():
            lock_tree()
            refresh_tree_fields(self)
            if self.parent_id is not None:
                refresh_tree_fields(self.parent)
            self.path = self.compute_path()
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                self.update_descendant_paths()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            lock_tree()
            refresh_tree_fields(self)
            return super().delete(*args, **kwargs)

    def update_descendant_paths(self):
        """Rewrite the stored paths below this page after a move or a slug change."""
        paths = {self.pk: self.path}
        for page in self.get_descendants().order_by("level", "lft"):
            page.path = f"{paths[page.parent_id]}/{page.slug}"
            paths[page.pk] = page.path
            GuidancePage.objects.filter(pk=page.pk).update(path=page.path)
