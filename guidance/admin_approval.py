"""The approval pages of the admin: an approver reviews a change beside the live version
and approves it, or rejects it with a comment."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path

from .admin_tree import describe_place
from .approval import NotApproved, approve, is_approver, reject
from .editing import current_field_dict, diff_field_dicts
from .models import ChangeRequest, GuidancePage

MAX_COMMENT = 5000


class ApprovalAdminMixin:
    def change_view(self, request, object_id, form_url="", extra_context=None):
        request.edits_pending_change = True
        return super().change_view(request, object_id, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        """In the change form, a page awaiting approval shows the change waiting, as the
        editor left it (the public still sees the approved text)."""
        page = super().get_object(request, object_id, from_field)
        editing = getattr(request, "edits_pending_change", False)
        if page is not None and editing and not is_approver(request.user):
            pending = page.change_requests.filter(state=ChangeRequest.State.PENDING).first()
            if pending is not None:
                page.title, page.summary = pending.title, pending.summary
                page.body_markdown = pending.body_markdown
                page.slug = pending.slug or page.slug
                if pending.moves and pending.move_into is not None:
                    page.parent = pending.move_into
        return page

    def approval_urls(self):
        return [
            path(
                "<int:object_id>/approval/",
                self.admin_site.admin_view(self.approval_view),
                name="guidance_guidancepage_approval",
            ),
        ]

    def approval_view(self, request, object_id):
        page = get_object_or_404(GuidancePage, pk=object_id)
        if not self.has_view_or_change_permission(request, page):
            raise PermissionDenied
        change = (
            page.change_requests.filter(state=ChangeRequest.State.PENDING)
            .select_related("submitted_by")
            .first()
        )
        if request.method == "POST":
            return self._decide(request, page, change)
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET", "POST"])
        proposed = {**current_field_dict(page)}
        if change is not None:
            proposed.update(title=change.title, summary=change.summary)
            proposed.update(body_markdown=change.body_markdown)
            if change.make_live:
                proposed["status"] = GuidancePage.Status.PUBLISHED
            if change.publish_at:
                proposed["publish_at"] = change.publish_at
            if change.slug:
                proposed["slug"] = change.slug
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": page,
            "title": f"Approve a change to “{page}”",
            "change": change,
            "diffs": diff_field_dicts(current_field_dict(page), proposed) if change else [],
            "can_decide": is_approver(request.user),
            "current_place": describe_place(page),
            "decided": page.change_requests.exclude(
                state=ChangeRequest.State.PENDING
            ).select_related("submitted_by", "decided_by")[:10],
        }
        return TemplateResponse(request, "admin/guidance/guidancepage/approval.html", context)

    def _decide(self, request, page, change):
        if not is_approver(request.user):
            raise PermissionDenied
        if change is None:
            self.message_user(request, "Nothing is waiting for approval.", messages.WARNING)
            return redirect("admin:guidance_guidancepage_change", object_id=page.pk)
        comment = request.POST.get("comment", "").strip()[:MAX_COMMENT]
        decision = request.POST.get("decision")
        if decision == "approve":
            try:
                sentence = approve(change, request.user, comment)
            except NotApproved as problem:
                self.message_user(
                    request,
                    f"Not approved: {problem}. Reject it with a comment saying what to change.",
                    messages.ERROR,
                )
                return redirect("admin:guidance_guidancepage_approval", object_id=page.pk)
            self.message_user(request, sentence, messages.SUCCESS)
        elif decision == "reject" and comment:
            reject(change, request.user, comment)
            self.message_user(request, "Rejected: the editor will see your comment.")
        elif decision == "reject":
            self.message_user(
                request, "Not rejected: say why, so the editor can fix it.", messages.ERROR
            )
            return redirect("admin:guidance_guidancepage_approval", object_id=page.pk)
        else:
            self.message_user(request, "Choose Approve or Reject.", messages.ERROR)
            return redirect("admin:guidance_guidancepage_approval", object_id=page.pk)
        return redirect("admin:index")
