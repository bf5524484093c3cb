import datetime

import reversion
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from mptt.admin import DraggableMPTTAdmin

from provenance.admin import refused_imports_of
from shared.reading_only import transactions_that_only_read

from .admin_approval import ApprovalAdminMixin
from .admin_tree import PageTreeAdminMixin
from .approval import hold_for_approval, hold_inline_changes, may_publish, submit
from .collisions import CollisionAdminMixin
from .deletion import RefuseDeletingPagesWithChildren
from .editing import (
    RESTORED_FIELDS,
    GuidancePageForm,
    current_field_dict,
    diff_field_dicts,
    revisions_of,
)
from .link_check import warning_message
from .models import GuidancePage, PageRedirect, PageTranslation, RefusedEdit, inline_label
from .navigation import preview_page_context
from .rendering import render_markdown
from .scheduling import keep_edit_aside_if_scheduled
from .signals import next_sibling_order
from .translation_admin import TranslationInline

REVIEW_NOTICE_DAYS = 30
MAX_PREVIEW_CHARACTERS = 500_000


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("due", f"Due within {REVIEW_NOTICE_DAYS} days"),
            ("none", "No review date"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(review_by__lt=today)
        if self.value() == "due":
            return queryset.filter(
                review_by__gte=today,
                review_by__lte=today + datetime.timedelta(days=REVIEW_NOTICE_DAYS),
            )
        if self.value() == "none":
            return queryset.filter(review_by__isnull=True)
        return queryset


class PageTranslationInline(TranslationInline):
    """The page's Welsh version."""

    model = PageTranslation


@admin.register(GuidancePage)
class GuidancePageAdmin(
    RefuseDeletingPagesWithChildren,
    ApprovalAdminMixin,
    CollisionAdminMixin,
    PageTreeAdminMixin,
    DraggableMPTTAdmin,
):
    form = GuidancePageForm
    inlines = [PageTranslationInline]
    change_form_template = "admin/guidance/guidancepage/change_form.html"
    change_list_template = "admin/guidance/guidancepage/change_list.html"
    list_display = (*PageTreeAdminMixin.tree_columns, "review_by", "updated_at")
    list_display_links = ("indented_title",)
    # django-mptt's tree lists 2 000 rows a page ("This will take a really long time to
    # load", its comment says): with 10 000 pages 2 MB and 4 s of CPU each time an editor
    # saves and lands on the list, on one of the app server's few workers while readers wait
    # for it (bench/README.md). Rows are dragged within a page; "Move" goes anywhere.
    list_per_page = 200
    list_filter = ("status", ReviewDueFilter)
    search_fields = ("title", "summary", "body_markdown")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("path", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("title", "slug", "parent", "sibling_order", "summary")}),
        ("Body", {"fields": ("body_markdown",)}),
        (
            "Publishing",
            {
                "fields": (
                    "status",
                    "publish_at",
                    "unpublish_despite_links",
                    "unpublish_at",
                    "review_by",
                    "updated_on",
                    "reviewed_on",
                    "change_note",
                    "publish_change_note",
                )
            },
        ),
        ("Record", {"fields": ("path", "created_at", "updated_at", "opened_version")}),
    )

    class Media:
        css = {"all": ["css/admin-editing.css", "css/admin-tree.css"]}
        js = ["js/markdown-preview.js", "js/link-chooser.js", "js/admin-tree.js"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)

        class FormForThisEditor(form_class):
            editor = request.user

        return FormForThisEditor

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with transactions_that_only_read(request), reversion.create_revision():
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        note = form.cleaned_data.get("change_note", "").strip()
        publish_note = bool(note and form.cleaned_data.get("publish_change_note"))
        submission = hold_for_approval(obj, request.user, note, publish_note)
        if submission is not None:
            what_happens, kept_aside = submission.sentence, True
        else:
            what_happens, kept_aside = keep_edit_aside_if_scheduled(
                obj, request.user, note, publish_note
            )
        if publish_note and not kept_aside:
            obj.add_public_update(note)
        default_note = "Created." if not change else "Saved (no change note)."
        if kept_aside:
            default_note = "Scheduled a change (kept aside until its time)."
        if submission is not None:
            default_note = "Submitted a change for approval."
        if getattr(form, "overwrote_newer_version", False):
            default_note = "Saved over a newer version by another editor, deliberately."
            note = f"{note} ({default_note})" if note else ""
        if not change and not obj.sibling_order:
            obj.sibling_order = next_sibling_order(obj.parent_id)
        reversion.set_comment(note or default_note)
        super().save_model(request, obj, form, change)
        if submission is not None:
            submission.record(obj, request.user)
        self.message_user(request, what_happens, messages.INFO)
        if getattr(form, "link_warnings", None):
            self.message_user(request, warning_message(form.link_warnings), messages.WARNING)

    def save_related(self, request, form, formsets, change):
        """Tags and pins of a live page that needs approval wait with the rest of the change;
        any other inline is saved as usual."""
        note = form.cleaned_data.get("change_note", "").strip()
        held = hold_inline_changes(form.instance, request.user, formsets, note) if change else None
        if not held:
            return super().save_related(request, form, formsets, change)
        form.save_m2m()
        for formset in formsets:
            if formset.model._meta.label not in held:
                self.save_formset(request, form, formset, change=change)
            else:  # nothing saved: the admin's log message names no row
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        names = " and ".join(
            sorted(inline_label(f.model) for f in formsets if f.model._meta.label in held)
        )
        self.message_user(
            request,
            f"Your changes to {names} wait for approval too: the public keeps the current ones "
            "until an approver approves.",
            messages.INFO,
        )

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path("review/", view(self.review_view), name="guidance_guidancepage_review"),
            path("preview/", view(self.preview_view), name="guidance_guidancepage_preview_new"),
            path(
                "preview-fragment/",
                view(self.preview_fragment_view),
                name="guidance_guidancepage_preview_fragment",
            ),
            path(
                "<int:object_id>/preview/",
                view(self.preview_view),
                name="guidance_guidancepage_preview",
            ),
            path(
                "<int:object_id>/revisions/",
                view(self.revisions_view),
                name="guidance_guidancepage_revisions",
            ),
            path(
                "<int:object_id>/compare/",
                view(self.compare_view),
                name="guidance_guidancepage_compare",
            ),
            path(
                "<int:object_id>/restore/<int:version_id>/",
                view(self.restore_view),
                name="guidance_guidancepage_restore",
            ),
            *self.tree_urls(),
            *self.approval_urls(),
            *super().get_urls(),
        ]

    # History: every save through the admin is a revision with its editor and note.

    def _page_or_404(self, request, object_id, permission):
        page = get_object_or_404(GuidancePage, pk=object_id)
        if not permission(request, page):
            raise PermissionDenied
        return page

    def _context(self, request, page, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": page,
            "title": title,
            **extra,
        }

    def history_view(self, request, object_id, extra_context=None):
        return redirect("admin:guidance_guidancepage_revisions", object_id=object_id)

    def revisions_view(self, request, object_id):
        page = self._page_or_404(request, object_id, self.has_view_or_change_permission)
        versions = list(revisions_of(page).order_by("-pk"))
        context = self._context(
            request,
            page,
            f"History of “{page}”",
            versions=versions,
            refused_edits=page.refused_edits.select_related("editor")[:20],
            refused_imports=refused_imports_of(page)[:20],
            can_restore=self.has_change_permission(request, page),
        )
        return TemplateResponse(request, "admin/guidance/guidancepage/revisions.html", context)

    def compare_view(self, request, object_id):
        """Two revisions side by side, or one revision against the page as it is now."""
        page = self._page_or_404(request, object_id, self.has_view_or_change_permission)
        versions = {v.pk: v for v in revisions_of(page)}
        older = versions.get(_whole_number(request.GET.get("from")))
        newer = versions.get(_whole_number(request.GET.get("to")))
        if older is None:
            raise Http404("Choose a revision of this page to compare.")
        if newer is not None and newer.pk < older.pk:
            older, newer = newer, older
        newer_fields = newer.field_dict if newer else current_field_dict(page)
        diffs = diff_field_dicts(older.field_dict, newer_fields)
        context = self._context(
            request,
            page,
            f"Changes to “{page}”",
            older=older,
            newer=newer,
            diffs=diffs,
            any_changes=any(diff.changed for diff in diffs),
        )
        return TemplateResponse(request, "admin/guidance/guidancepage/compare.html", context)

    def restore_view(self, request, object_id, version_id):
        """Bring back an earlier text. The restore is itself a new revision: nothing is lost."""
        page = self._page_or_404(request, object_id, self.has_change_permission)
        version = get_object_or_404(revisions_of(page), pk=version_id)
        if request.method == "POST" and not may_publish(request.user, page) and page.is_published:
            restored = {n: version.field_dict.get(n, getattr(page, n)) for n in RESTORED_FIELDS}
            when = timezone.localtime(version.revision.date_created)
            submit(
                page,
                request.user,
                restored,
                False,
                note=f"Restore the version of {when:%H:%M on %d %B %Y}.",
            )
            self.message_user(
                request,
                "The restore is submitted for approval: the public keeps seeing the approved "
                "version until an approver approves it.",
                messages.SUCCESS,
            )
            return redirect("admin:guidance_guidancepage_change", object_id=page.pk)
        if request.method == "POST":
            with transaction.atomic(), reversion.create_revision():
                page = GuidancePage.objects.select_for_update().get(pk=page.pk)
                for name in RESTORED_FIELDS:
                    setattr(page, name, version.field_dict.get(name, getattr(page, name)))
                page.save()
                when = timezone.localtime(version.revision.date_created)
                reversion.set_user(request.user)
                reversion.set_comment(f"Restored the version saved at {when:%H:%M on %d %B %Y}.")
            self.message_user(
                request, "The earlier version is restored, as a new revision.", messages.SUCCESS
            )
            return redirect("admin:guidance_guidancepage_change", object_id=page.pk)
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET", "POST"])
        context = self._context(
            request,
            page,
            f"Restore an earlier version of “{page}”",
            version=version,
            diffs=diff_field_dicts(current_field_dict(page), version.field_dict),
            restored_fields=RESTORED_FIELDS,
        )
        return TemplateResponse(request, "admin/guidance/guidancepage/restore.html", context)

    # Review: pages due or overdue for a check, oldest first.

    def review_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        horizon = today + datetime.timedelta(days=REVIEW_NOTICE_DAYS)
        pages = list(
            GuidancePage.objects.filter(review_by__lte=horizon)
            .only("id", "title", "path", "review_by", "status", "publish_at", "updated_at")
            .order_by("review_by", "path")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Pages due for review",
            "overdue": [p for p in pages if p.review_by < today],
            "due": [p for p in pages if p.review_by >= today],
            "notice_days": REVIEW_NOTICE_DAYS,
            "without_date": GuidancePage.objects.filter(review_by__isnull=True).count(),
        }
        return TemplateResponse(request, "admin/guidance/guidancepage/review.html", context)

    # Preview: the page as the public will see it, saved or straight from the form.

    def preview_view(self, request, object_id=None):
        page = None
        if object_id is not None:
            page = self._page_or_404(request, object_id, self.has_view_or_change_permission)
        elif not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            page = self._unsaved_page(request, page)
        elif page is None:
            return redirect("admin:guidance_guidancepage_add")
        elif request.method != "GET":
            return HttpResponseNotAllowed(["GET", "POST"])
        response = TemplateResponse(
            request,
            "guidance/page.html",
            {"page": page, "nav": preview_page_context(page), "preview": True},
        )
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response

    def _unsaved_page(self, request, page):
        """The page as the editor's form describes it, rendered but never saved."""
        page = page or GuidancePage()
        page.title = request.POST.get("title", page.title)[:200] or "Untitled page"
        page.summary = request.POST.get("summary", page.summary)[:300]
        page.body_markdown = request.POST.get("body_markdown", page.body_markdown)[
            :MAX_PREVIEW_CHARACTERS
        ]
        if page.pk is None:
            parent_id = _whole_number(request.POST.get("parent"))
            page.parent = GuidancePage.objects.filter(pk=parent_id).first() if parent_id else None
        page.render_body()
        return page

    def preview_fragment_view(self, request):
        """The body alone, rendered by the public pipeline, for the live preview script."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        body = request.POST.get("body_markdown", "")[:MAX_PREVIEW_CHARACTERS]
        response = HttpResponse(render_markdown(body).html, content_type="text/html")
        response["Cache-Control"] = "private, no-store"
        return response

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "review_url": reverse("admin:guidance_guidancepage_review"),
        }
        return super().changelist_view(request, extra_context)


def _whole_number(value):
    try:
        number = int(str(value)[:12])
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


@admin.register(PageRedirect)
class PageRedirectAdmin(admin.ModelAdmin):
    list_display = ("old_path", "page", "created_at")
    search_fields = ("old_path", "page__path", "page__title")
    autocomplete_fields = ["page"]


@admin.register(RefusedEdit)
class RefusedEditAdmin(admin.ModelAdmin):
    """Edits refused because the page changed after the editor opened it, kept whole."""

    list_display = ("page", "editor", "submitted_at")
    readonly_fields = (
        "page", "editor", "submitted_at", "opened_version", "saved_version", "title", "summary",
        "body_markdown",
    )  # fmt: skip

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
