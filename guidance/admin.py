from django.contrib import admin
from mptt.admin import DraggableMPTTAdmin

from .models import GuidancePage


@admin.register(GuidancePage)
class GuidancePageAdmin(DraggableMPTTAdmin):
    list_display = ("tree_actions", "indented_title", "status", "updated_at")
    list_display_links = ("indented_title",)
    list_filter = ("status",)
    search_fields = ("title", "summary", "body_markdown")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("path", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("title", "slug", "parent", "sibling_order", "status", "summary")}),
        ("Body", {"fields": ("body_markdown",)}),
        ("Record", {"fields": ("path", "created_at", "updated_at")}),
    )
