from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html

from .models import DeletedItem
from .snapshots import RestoreRefused, restore


@admin.register(DeletedItem)
class RecentlyDeletedAdmin(admin.ModelAdmin):
    """Every deleted page, news item, offence, term or question, newest first; one click
    (and a confirmation) brings it back with what hung on it."""

    list_display = ("title", "content_type", "public_address", "deleted_at", "deleted_by", "action")
    list_filter = ("content_type",)
    search_fields = ("title", "public_path")
    list_select_related = ("content_type", "deleted_by")
    fields = ("title", "content_type", "public_address", "deleted_at", "deleted_by")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser  # forgetting for good is not an editor's task

    @admin.display(description="address")
    def public_address(self, item):
        return f"/{item.public_path}/" if item.public_path else "—"

    @admin.display(description="")
    def action(self, item):
        url = reverse("admin:recovery_deleteditem_restore", args=[item.pk])
        return format_html('<a href="{}">Restore…</a>', url)

    def get_urls(self):
        return [
            path(
                "<int:item_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="recovery_deleteditem_restore",
            ),
            *super().get_urls(),
        ]

    def restore_view(self, request, item_id):
        item = get_object_or_404(DeletedItem.objects.select_related("content_type"), pk=item_id)
        model = item.model
        if not request.user.has_perm(f"{model._meta.app_label}.add_{model._meta.model_name}"):
            raise PermissionDenied
        if request.method == "POST":
            try:
                restored, notes = restore(item, request.user)
            except RestoreRefused as refusal:
                self.message_user(request, f"Not restored: {refusal}", messages.ERROR)
                return redirect("admin:recovery_deleteditem_restore", item_id=item.pk)
            self.message_user(request, f"“{restored}” is back, as it was.", messages.SUCCESS)
            for note in notes:
                self.message_user(request, note, messages.WARNING)
            return redirect(_change_url(restored))
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET", "POST"])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Restore “{item.title}”",
            "item": item,
        }
        return TemplateResponse(request, "admin/recovery/deleteditem/restore.html", context)


def _change_url(instance):
    try:
        return reverse(
            f"admin:{instance._meta.app_label}_{instance._meta.model_name}_change",
            args=[instance.pk],
        )
    except NoReverseMatch:
        return reverse("admin:recovery_deleteditem_changelist")
