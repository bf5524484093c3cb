import datetime

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet

from languages.paths import path_in_language
from shared.reversing import reverse_slug

from . import visibility
from .rendering import RenderedOnSave, add_section_links
from .translations import Translation
from .tree_lock import lock_tree, refresh_tree_fields

# A folder's own page is its index.md: a page with this slug would be written over it.
INDEX_SLUG = "index"

# Top-level slugs that would shadow the portal's own URLs.
RESERVED_ROOT_SLUGS = frozenset(
    {
        "accessibility", "admin", "cy", "digital-mot", "display", "feedback", "feeds", "glossary",
        "healthz", "help", "news", "offences", "one-page", "prosecution-guidance", "robots.txt",
        "search", "sitemap.xml", "static", "tags",
    }
)  # fmt: skip


def default_review_date(updated_on, reviewed_on, added_on):
    """When a page is next due for a check, unless its front matter or an editor says.

    A year after its content was last written or checked against the law (the later of
    'updated' and 'reviewed'), else a year after it came onto the site: every shipped page
    has a date, so the review report works from the first import. 29 February falls back
    to the 28th.
    """
    dated = [day for day in (updated_on, reviewed_on) if day is not None]
    start = max(dated) if dated else added_on
    try:
        return start.replace(year=start.year + 1)
    except ValueError:
        return start.replace(year=start.year + 1, day=28)


class PublicPageQuerySet(TreeQuerySet):
    def published(self, at=None):
        """Published pages whose publish-at time has come: scheduling needs no cron job.
        (Their ancestors are not checked here: see guidance.visibility.)"""
        return self.filter(visibility.published_q(at))


class GuidancePageManager(TreeManager.from_queryset(PublicPageQuerySet)):
    def move_node(self, node, target, position="last-child"):
        with transaction.atomic():
            lock_tree()
            refresh_tree_fields(node, target)
            return super().move_node(node, target, position)

    def place(self, page, parent, after):
        """Move a page under a parent (None: the top level), after a sibling, or "first" or
        "last" among them: the one way the Move pages and approvals move a page."""
        siblings = (parent.get_children() if parent else self.root_nodes()).exclude(pk=page.pk)
        if after == "first" and siblings.exists():
            return self.move_node(page, siblings.first(), "left")
        if isinstance(after, GuidancePage) and siblings.filter(pk=after.pk).exists():
            return self.move_node(page, after, "right")
        if parent is not None:
            return self.move_node(page, parent, "last-child")
        if siblings.exists():
            return self.move_node(page, siblings.last(), "right")
        return None


class GuidancePage(RenderedOnSave, MPTTModel):
    """A page of the guidance tree. Its URL is the path of slugs from its root."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = visibility.PUBLISHED, _("Published")

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
    publish_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="publish at",
        help_text="Leave empty to publish when you save. With a time: a new or draft page "
        "goes live then; on a live page your changes are kept aside and replace the live "
        "text then, while the live text stays public until that moment.",
    )
    unpublish_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="unpublish at",
        help_text="Optional: the page leaves the site at this time and becomes a draft again.",
    )
    review_by = models.DateField(
        null=True,
        blank=True,
        help_text="When the page must next be checked for accuracy (front matter "
        "'review_by'; without it, a year after its content date).",
    )
    updated_on = models.DateField(
        null=True,
        blank=True,
        help_text="The content's own “last updated” date, as readers see it (front matter "
        "'updated'). Empty: the page shows no date rather than the day it was imported.",
    )
    reviewed_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the page was last checked against the law (front matter 'reviewed'): "
        "a legal check, not an edit.",
    )
    public_updates = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="Published change notes, oldest first: the page's “Show all updates”.",
    )
    edit_version = models.PositiveIntegerField(
        default=0, editable=False, help_text="Counts saves: a form opened on an older one is stale."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GuidancePageManager()

    class MPTTMeta:
        order_insertion_by = ["sibling_order", "title"]

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["parent", "slug"], name="unique_slug_among_siblings"),
        ]
        # Every search asks which scheduled pages fell due since the last one
        # (GuidancePageSearch.catch_up): without this index that reads the whole table,
        # 50 ms with 10 000 pages on SQLite; with it, a few rows.
        indexes = [models.Index(fields=["publish_at"], name="guidance_page_publish_at")]
        permissions = [
            ("publish_guidancepage", "Can publish, approve or reject changes to pages"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_slug("guidance:page", "path", self.path)

    @property
    def is_published(self):
        """The page's own half of the rule (guidance.visibility); not its ancestors'."""
        return visibility.is_published(self.status, self.publish_at)

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and not self.is_published

    @property
    def last_updated(self):
        """The date the public sees: the latest published change note, else the content's
        own date. None when neither is known: never the day the page happened to be saved
        or imported."""
        if self.public_updates:
            return datetime.datetime.fromisoformat(self.public_updates[-1]["at"])
        if self.updated_on:
            return datetime.datetime.combine(self.updated_on, datetime.time(), tzinfo=datetime.UTC)
        return None

    @property
    def public_updates_newest_first(self):
        return [
            {"at": datetime.datetime.fromisoformat(update["at"]), "note": update["note"]}
            for update in reversed(self.public_updates)
        ]

    def add_public_update(self, note, at=None):
        at = at or timezone.now()
        self.public_updates = [*self.public_updates, {"at": at.isoformat(), "note": note}]

    def clean(self):
        super().clean()
        if self.slug == INDEX_SLUG:
            raise ValidationError(
                {"slug": "“index” names a folder's own page in the content files: choose another."}
            )
        if self.parent_id is None and self.slug in RESERVED_ROOT_SLUGS:
            raise ValidationError(
                {"slug": f"“{self.slug}” is reserved for another part of the site."}
            )
        sections = settings.CONTENT_PAGE_SECTIONS
        if self.parent_id is None and self.slug not in sections:
            # A top-level page is a content section: the files hold nothing else, so an
            # import could never bring it back and --prune would take it with its subtree.
            raise ValidationError(
                {
                    "parent": "Choose a parent: a page at the top level must be one of the "
                    f"content sections ({', '.join(sections)})."
                }
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

    def html_to_store(self, rendered):
        """Guidance and advice headings carry a "link to this section" anchor."""
        return add_section_links(rendered.html)

    def render_body(self):
        rendered = self.rendered_body()
        self.body_html = self.html_to_store(rendered)
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
            self.edit_version += 1
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                self.update_descendant_paths(old_path)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            lock_tree()
            refresh_tree_fields(self)
            return super().delete(*args, **kwargs)

    def update_descendant_paths(self, old_path=None, record_redirects=True):
        """Rewrite the stored paths below this page after a move or a slug change.

        Every old path becomes a redirect to its page, so links to the old URLs keep working.
        """
        moved = {self.pk: (old_path, self.path)}
        paths = {self.pk: self.path}
        for page in self.get_descendants().order_by("level", "lft"):
            previous = page.path
            page.path = f"{paths[page.parent_id]}/{page.slug}"
            paths[page.pk] = page.path
            moved[page.pk] = (previous, page.path)
            GuidancePage.objects.filter(pk=page.pk).update(path=page.path)
        if record_redirects:
            PageRedirect.record_moves(moved)


class PageTranslation(Translation):
    """A page's Welsh version (content/…/name.cy.md): public when its English page is."""

    page = models.ForeignKey(GuidancePage, on_delete=models.CASCADE, related_name="translations")

    class Meta:
        verbose_name = "Welsh version"
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="one_translation_per_page")
        ]

    def html_to_store(self, rendered):
        return add_section_links(rendered.html)

    def get_absolute_url(self):
        return path_in_language(self.page.get_absolute_url(), self.language)


class PageRedirect(models.Model):
    """An old URL of a page that moved or was renamed: it answers with a permanent redirect."""

    old_path = models.CharField(max_length=500, unique=True)
    page = models.ForeignKey(GuidancePage, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]

    def __str__(self):
        return f"/{self.old_path}/ → {self.page.path}"

    @classmethod
    def record_moves(cls, moved):
        """moved: {page id: (old path, new path)}. A page back at an old path drops its redirect."""
        new_paths = [new for old, new in moved.values()]
        cls.objects.filter(old_path__in=new_paths).delete()
        for page_id, (old, new) in moved.items():
            if old and old != new:
                cls.objects.update_or_create(old_path=old, defaults={"page_id": page_id})


class RefusedEdit(models.Model):
    """An edit refused because someone else saved the page after the editor opened it.

    Kept whole, so that neither version is lost: the editor can compare and merge by hand.
    """

    page = models.ForeignKey(GuidancePage, on_delete=models.CASCADE, related_name="refused_edits")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    opened_version = models.PositiveIntegerField()
    saved_version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    body_markdown = models.TextField(blank=True)

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"Refused edit of “{self.page}” ({self.submitted_at:%Y-%m-%d %H:%M})"


class ScheduledChange(models.Model):
    """An edit of a live page kept aside until its time: the live text stays public until then.

    Applied by guidance.scheduling when the time has passed (on the next request: no cron
    job), as a new revision of the page.
    """

    page = models.OneToOneField(
        GuidancePage, on_delete=models.CASCADE, related_name="scheduled_change"
    )
    go_live_at = models.DateTimeField(db_index=True)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    body_markdown = models.TextField(blank=True)
    note = models.CharField(max_length=1000, blank=True)
    publish_note = models.BooleanField(default=False)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["go_live_at"]

    def __str__(self):
        return f"Change to “{self.page}” at {timezone.localtime(self.go_live_at):%d %b %Y %H:%M}"


def inline_label(model):
    """What an inline's rows are, in the editors' words: "tags" for the rows linking tags
    to pages (Django's own link model), else the model's plural name."""
    owner = model._meta.auto_created or model
    return str(owner._meta.verbose_name_plural)


class ChangeRequest(models.Model):
    """An editor's change to a page in a section that needs approval, waiting for an approver.

    The public keeps seeing the page as last approved. Approving applies the change as a
    new revision (or schedules it, if it carries a future publishing time); rejecting keeps
    it here, with the approver's comment, for the editor to read.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    page = models.ForeignKey(GuidancePage, on_delete=models.CASCADE, related_name="change_requests")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    body_markdown = models.TextField(blank=True)
    make_live = models.BooleanField(
        default=True, help_text="Publish the page on approval (for a page not yet live)."
    )
    publish_at = models.DateTimeField(null=True, blank=True)
    slug = models.SlugField(
        max_length=100, blank=True, help_text="The new address, if the change renames the page."
    )
    move_position = models.CharField(
        max_length=5,
        blank=True,
        choices=[("first", "first"), ("last", "last"), ("after", "after a sibling")],
        help_text="Empty: the change does not move the page.",
    )
    move_into = models.ForeignKey(
        GuidancePage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    move_after = models.ForeignKey(
        GuidancePage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    inline_rows = models.JSONField(
        default=dict,
        blank=True,
        encoder=DjangoJSONEncoder,
        help_text="The rows of the form's inlines (tags, pinned items) the change sets, by "
        'model: {label: {"fk": field, "rows": [{"pk": id or null, field: value}]}}.',
    )
    note = models.CharField(max_length=1000, blank=True)
    publish_note = models.BooleanField(default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_changes",
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decided_changes",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True, help_text="The approver's comment.")

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["page"],
                condition=Q(state="pending"),
                name="one_pending_change_per_page",
            )
        ]

    def __str__(self):
        return f"Change to “{self.page}” ({self.get_state_display().lower()})"

    @property
    def moves(self):
        return bool(self.move_position)

    @property
    def move_target(self):
        """(parent, after) for GuidancePageManager.place; after a sibling that has moved
        away since, the page goes last."""
        after = self.move_position
        if after == "after":
            moved_away = self.move_after is None or self.move_after.parent_id != self.move_into_id
            after = "last" if moved_away else self.move_after
        return self.move_into, after

    def describe_inline_rows(self):
        """[(what, [each row as the admin names it])] for the rows the change sets."""
        from django.apps import apps

        described = []
        for label, wanted in self.inline_rows.items():
            model = apps.get_model(label)
            fk = model._meta.get_field(wanted["fk"]).attname
            rows = []
            for row in wanted["rows"]:
                values = {name: value for name, value in row.items() if name != "pk"}
                try:
                    rows.append(str(model(**values, **{fk: self.page_id})))
                except ObjectDoesNotExist:
                    rows.append("(an item deleted since)")
            described.append((inline_label(model), rows))
        return described

    def describe_move(self):
        if not self.moves:
            return ""
        if self.move_into is None:
            return "the page it was to move into has been deleted"
        parent, after = self.move_target
        where = {"first": "first", "last": "last"}.get(after, f"after “{after}”")
        return f"into “{parent}”, {where}"
