from django.contrib import admin
from django.db.models import Count, Q
from django.template.defaultfilters import truncatechars

from .models import Feedback

PAGES_IN_SUMMARY = 50


def feedback_per_page(queryset, limit=PAGES_IN_SUMMARY):
    """Yes and no counts for each page, most "no" answers first, in one query."""
    return list(
        queryset.order_by()
        .values("page_path")
        .annotate(
            yes=Count("pk", filter=Q(useful=True)),
            no=Count("pk", filter=Q(useful=False)),
            comments=Count("pk", filter=~Q(comment="")),
        )
        .order_by("-no", "-yes", "page_path")[:limit]
    )


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Read-only answers from readers, with a per-page summary above the list.

    Editors may delete spam; nobody adds or edits what a reader said.
    """

    change_list_template = "admin/feedback/feedback/change_list.html"
    list_display = ("created_at", "page_path", "answer", "short_comment")
    list_filter = ("useful", "created_at")
    search_fields = ("page_path", "comment")
    date_hierarchy = "created_at"
    readonly_fields = ("page_path", "useful", "comment", "created_at")

    @admin.display(description="useful?", ordering="useful", boolean=False)
    def answer(self, feedback):
        return "Yes" if feedback.useful else "No"

    @admin.display(description="what went wrong")
    def short_comment(self, feedback):
        return truncatechars(feedback.comment, 80)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            response.context_data["feedback_per_page"] = feedback_per_page(changelist.queryset)
            response.context_data["pages_in_summary"] = PAGES_IN_SUMMARY
        return response
