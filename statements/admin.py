from django.contrib import admin
from reversion.admin import VersionAdmin

from .models import Statement


@admin.register(Statement)
class StatementAdmin(VersionAdmin):
    """Every save is a revision: "History" lists them and any one can be restored."""

    list_display = ("title", "slug", "reviewed_on", "updated_at")
    search_fields = ("title", "body_markdown")
    fields = (
        "title",
        "slug",
        "summary",
        "body_markdown",
        "prepared_on",
        "reviewed_on",
        "checks_passed_on",
    )
