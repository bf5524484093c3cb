"""The page tree in the admin: indented under our CSP, with status, children and moves.

django-mptt's DraggableMPTTAdmin indents titles with inline styles, which the site's
Content-Security-Policy blocks; here the depth is a class (``tree-level-0`` to
``tree-level-9``) styled by ``static/css/admin-tree.css``. Every move, by drag and drop or
by the keyboard-accessible "Move" pages, is a revision in the page's history.
"""

import reversion
from django.contrib import messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from mptt.exceptions import InvalidMove

from .approval import hold_move_for_approval
from .link_check import pages_linking_to
from .link_chooser import link_chooser_view
from .models import RESERVED_ROOT_SLUGS, ChangeRequest, GuidancePage, ScheduledChange
from .scheduling import cancel_schedule, publishing_state

DEEPEST_INDENT_CLASS = 9
TOP_LEVEL = "top"


def describe_place(page):
    """“into “Parent”, after “Sibling”” for a page where it now is."""
    parent = f"into “{page.parent}”" if page.parent_id else "to the top level"
    previous = page.get_previous_sibling()
    after = f", after “{previous}”" if previous else ", first"
    return parent + after


class PageTreeChangeList(ChangeList):
    """The page list, with the children of the pages shown counted in one query of their
    own: counted in the list's query, every page of the tree was joined to its children and
    grouped before the LIMIT (at 10 000 pages, about 2 s of SQLite's CPU each time a save
    lands on the list)."""

    def get_results(self, request):
        super().get_results(request)
        pages = list(self.result_list)  # read once here; the template reads the same rows
        children = (
            self.model._base_manager.filter(parent__in=[page.pk for page in pages])
            .values_list("parent")
            .annotate(Count("pk"))
            .order_by()
        )
        counts = dict(children)
        for page in pages:
            page.number_of_children = counts.get(page.pk, 0)


class PageTreeAdminMixin:
    """Columns, views and history for the page tree; mixed into GuidancePageAdmin."""

    mptt_level_indent = 24  # px: the drop line lines up with the 1.5rem steps of admin-tree.css
    tree_columns = ("tree_actions", "indented_title", "publishing", "child_count", "page_actions")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("scheduled_change")
            .annotate(
                awaiting_approval=Exists(
                    ChangeRequest.objects.filter(
                        page=OuterRef("pk"), state=ChangeRequest.State.PENDING
                    )
                ),
            )
        )

    def indented_title(self, page):
        level = min(page.level, DEEPEST_INDENT_CLASS)
        return format_html(
            '<span class="page-tree__title tree-level-{}" data-level="{}">{}</span>',
            level,
            page.level,
            page,
        )

    indented_title.short_description = "Title"

    def publishing(self, page):
        state = publishing_state(page, getattr(page, "scheduled_change", None))
        waiting = " A change awaits approval." if getattr(page, "awaiting_approval", False) else ""
        return format_html(
            '<span class="page-status page-status--{}">{}</span>'
            '<span class="page-status__detail">{}{}</span>',
            state.key,
            state.label,
            state.detail,
            waiting,
        )

    publishing.short_description = "Publishing"

    def get_changelist(self, request, **kwargs):
        return PageTreeChangeList

    def child_count(self, page):
        counted = getattr(page, "number_of_children", None)  # on the page list: see above
        return page.get_children().count() if counted is None else counted

    child_count.short_description = "Child pages"

    def page_actions(self, page):
        add = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_add")
        move = reverse("admin:guidance_guidancepage_move", args=[page.pk])
        return format_html(
            '<a href="{}?parent={}">Add child page<span class="visually-hidden"> under “{}”'
            '</span></a> · <a href="{}">Move<span class="visually-hidden"> “{}”</span></a>',
            add,
            page.pk,
            page,
            move,
            page,
        )

    page_actions.short_description = "Actions"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        page = GuidancePage.objects.filter(pk=_whole_number(object_id)).first()
        if page is not None:
            change = ScheduledChange.objects.filter(page=page).first()
            state = publishing_state(page, change)
            extra_context = {
                **(extra_context or {}),
                "publishing_state": state,
                "has_schedule": bool(change or page.is_scheduled or page.unpublish_at),
                "pending_approval": page.change_requests.filter(state=ChangeRequest.State.PENDING)
                .select_related("submitted_by")
                .first(),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        """Deleting a page others link to: name them, and ask for a tick to go ahead."""
        page = GuidancePage.objects.filter(pk=_whole_number(object_id)).first()
        linking = pages_linking_to(page.path) if page is not None else []
        extra_context = {**(extra_context or {}), "linking_pages": linking}
        confirmed = request.POST.get("accept_broken_links") == "yes"
        if request.method == "POST" and linking and not confirmed:
            self.message_user(
                request,
                "Not deleted: tick the box to confirm that the links to this page will break.",
                messages.ERROR,
            )
            return redirect("admin:guidance_guidancepage_delete", object_id=page.pk)
        return super().delete_view(request, object_id, extra_context)

    def tree_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path("link-chooser/", view(self.link_chooser_view), name="guidance_guidancepage_links"),
            path("<int:object_id>/move/", view(self.move_view), name="guidance_guidancepage_move"),
            path(
                "<int:object_id>/cancel-schedule/",
                view(self.cancel_schedule_view),
                name="guidance_guidancepage_cancel_schedule",
            ),
        ]

    def link_chooser_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return link_chooser_view(request)

    # Drag and drop (django-mptt's script posts cmd=move_node to the list): a revision too.

    def _tree_context(self, request):
        """The drop line's words, which static/js/admin-tree.js turns into a full sentence."""
        context = super()._tree_context(request)
        context["messages"].update(before="Move before", child="Move into", after="Move after")
        return context

    def _move_node(self, request):
        held = self._hold_dragged_move(request)
        if held is not None:
            return held
        with reversion.create_revision():
            response = super()._move_node(request)
            if response.content.startswith(b"OK"):
                page = GuidancePage.objects.get(pk=request.POST.get("cut_item"))
                reversion.add_to_revision(page)
                reversion.set_user(request.user)
                reversion.set_comment(f"Moved {describe_place(page)} (drag and drop).")
        return response

    def _hold_dragged_move(self, request):
        """A drag that needs approval becomes a change request, like a move by the Move
        page; the response tells django-mptt's script that the tree did not change."""
        page = GuidancePage.objects.filter(pk=_whole_number(request.POST.get("cut_item"))).first()
        target = GuidancePage.objects.filter(
            pk=_whole_number(request.POST.get("pasted_on"))
        ).first()
        position = request.POST.get("position")
        if page is None or target is None or target.pk == page.pk:
            return None
        if not self.has_change_permission(request, page):
            return None
        if position == "last-child":
            parent, after = target, "last"
        elif position == "right":
            parent, after = target.parent, target
        elif position == "left":
            parent = target.parent
            after = target.get_previous_sibling() or "first"
            if after != "first" and after.pk == page.pk:
                return None  # dropped where it already is
        else:
            return None
        problem = self._move_problem(page, parent) or (
            "a page cannot move under itself"
            if parent is not None
            and parent.get_ancestors(include_self=True).filter(pk=page.pk).exists()
            else ""
        )
        held = None if problem else hold_move_for_approval(page, request.user, parent, after)
        if held is None and not problem:
            return None
        self.message_user(request, problem or held, messages.ERROR if problem else messages.INFO)
        return HttpResponse("FAIL, not moved: " + (problem or "held for approval."))

    # Move without a mouse: choose the parent, then the position, then confirm.

    def move_view(self, request, object_id):
        page = get_object_or_404(GuidancePage.objects.select_related("parent"), pk=object_id)
        if not self.has_change_permission(request, page):
            raise PermissionDenied
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        source = request.POST if request.method == "POST" else request.GET
        descendants = set(page.get_descendants(include_self=True).values_list("pk", flat=True))
        parents = [
            p
            for p in GuidancePage.objects.only("id", "title", "level", "tree_id", "lft")
            if p.pk not in descendants
        ]
        parent, parent_chosen = self._chosen_parent(source.get("parent"), parents)
        siblings = []
        if parent_chosen:
            siblings = [
                s
                for s in (parent.get_children() if parent else GuidancePage.objects.root_nodes())
                if s.pk != page.pk
            ]
        after = self._chosen_position(source.get("position"), siblings)
        problem = self._move_problem(page, parent) if parent_chosen else ""
        if request.method == "POST" and parent_chosen and after is not None and not problem:
            return self._move(request, page, parent, after)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": page,
            "title": f"Move “{page}”",
            "parents": parents,
            "parent": parent,
            "parent_chosen": parent_chosen,
            "siblings": siblings,
            "after": after,
            "top_level": TOP_LEVEL,
            "problem": problem,
            "current_place": describe_place(page),
        }
        return TemplateResponse(request, "admin/guidance/guidancepage/move.html", context)

    @staticmethod
    def _chosen_parent(value, parents):
        if value == TOP_LEVEL:
            return None, True
        for candidate in parents:
            if str(candidate.pk) == str(value)[:12]:
                return candidate, True
        return None, False

    @staticmethod
    def _chosen_position(value, siblings):
        """“first”, or the sibling to go after; None when nothing valid was chosen."""
        if value == "first":
            return "first"
        for sibling in siblings:
            if f"after-{sibling.pk}" == str(value)[:20]:
                return sibling
        return None

    @staticmethod
    def _move_problem(page, parent):
        clash = GuidancePage.objects.filter(parent=parent, slug=page.slug).exclude(pk=page.pk)
        if clash.exists():
            return f"A page with the address “{page.slug}” is already there: rename one first."
        if parent is None and page.slug in RESERVED_ROOT_SLUGS:
            return f"“{page.slug}” is reserved at the top level for another part of the site."
        return ""

    def _move(self, request, page, parent, after):
        held = hold_move_for_approval(page, request.user, parent, after)
        if held is not None:
            self.message_user(request, held, messages.INFO)
            return redirect("admin:guidance_guidancepage_changelist")
        before = describe_place(page)
        try:
            with transaction.atomic(), reversion.create_revision():
                GuidancePage.objects.place(page, parent, after)
                page = GuidancePage.objects.select_related("parent").get(pk=page.pk)
                now = describe_place(page)
                reversion.add_to_revision(page)
                reversion.set_user(request.user)
                reversion.set_comment(f"Moved {now} (was {before.removeprefix('into ')}).")
        except InvalidMove as error:
            self.message_user(request, f"Not moved: {error}", messages.ERROR)
            return redirect("admin:guidance_guidancepage_move", object_id=page.pk)
        self.message_user(request, f"“{page}” moved {now}.", messages.SUCCESS)
        return redirect("admin:guidance_guidancepage_changelist")

    def cancel_schedule_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        page = get_object_or_404(GuidancePage, pk=object_id)
        if not self.has_change_permission(request, page):
            raise PermissionDenied
        said = cancel_schedule(page)
        if said:
            self.message_user(request, "Schedule cancelled: " + "; ".join(said) + ".")
        else:
            self.message_user(request, "Nothing was scheduled for this page.", messages.WARNING)
        return redirect("admin:guidance_guidancepage_change", object_id=page.pk)


def _whole_number(value):
    try:
        return int(str(value)[:12])
    except (TypeError, ValueError):
        return None
