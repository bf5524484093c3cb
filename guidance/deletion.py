"""Deleting pages safely: never a subtree by accident, always recoverable, and an honest
410 Gone at the old address meanwhile (recovery keeps the page whole)."""

from django.contrib import messages
from django.shortcuts import redirect, render

from recovery.models import DeletedItem
from recovery.snapshots import RestoreRefused, register_restore_hook

from .models import GuidancePage

TREE_FIELDS = ("lft", "rght", "tree_id", "level")


def prepare_restored_page(page, snapshot):
    """Back under its old parent, or at the top of its section if the parent has gone."""
    parent = None
    if page.parent_id is not None:
        parent = GuidancePage.objects.filter(pk=page.parent_id).first()
        if parent is None:
            section = page.path.split("/")[0]
            parent = GuidancePage.objects.filter(parent=None, slug=section).first()
            if parent is None:
                raise RestoreRefused(
                    f"its section /{section}/ has gone too: restore the section first."
                )
            page.sibling_order = 0
    page.parent = parent
    for name in TREE_FIELDS:
        setattr(page, name, None)
    path = f"{parent.path}/{page.slug}" if parent else page.slug
    if GuidancePage.objects.filter(path=path).exists():
        raise RestoreRefused(f"another page is now at /{path}/. Move or rename it first.")


def register():
    register_restore_hook(GuidancePage, prepare_restored_page, public_path=lambda page: page.path)


def gone_response(request, path):
    """410 for the address of a deleted page (while it can still be restored), else None."""
    deleted = DeletedItem.objects.filter(public_path=path).order_by("-deleted_at").first()
    if deleted is None:
        return None
    response = render(request, "guidance/gone.html", {"title": deleted.title}, status=410)
    # Browsers and CDNs may keep a 410 by default; the page can be restored at any time.
    response["Cache-Control"] = "no-cache"
    return response


class RefuseDeletingPagesWithChildren:
    """Admin mixin: a page with pages under it is never deleted with them.

    The editor is told to move or delete the children first; the bulk "delete selected"
    actions, which would take whole subtrees, are not offered.
    """

    def get_actions(self, request):
        actions = super().get_actions(request)
        for name in ("delete_selected", "delete_selected_tree"):
            actions.pop(name, None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        page = GuidancePage.objects.filter(pk=object_id).first()
        if page is not None:
            children = GuidancePage.objects.filter(parent_id=page.pk).count()
            if children:
                self.message_user(
                    request,
                    f"“{page}” was not deleted: {children} page"
                    f"{'s are' if children != 1 else ' is'} under it. Move or delete "
                    "them first (nothing is deleted with its parent).",
                    messages.ERROR,
                )
                return redirect("admin:guidance_guidancepage_change", object_id=page.pk)
        return super().delete_view(request, object_id, extra_context)
