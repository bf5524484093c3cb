from django.contrib import admin

from guidance.history_admin import RevisionHistoryAdmin

from .models import Answer, Question


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    min_num = 2
    fields = ("position", "value", "label", "outcome")


@admin.register(Question)
class QuestionAdmin(RevisionHistoryAdmin):
    list_display = ("position", "text", "priority", "advice_url")
    list_display_links = ("text",)
    list_editable = ("position",)
    ordering = ("position",)
    search_fields = ("text", "step", "todo_text")
    inlines = [AnswerInline]
    fieldsets = (
        (None, {"fields": ("text", "slug", "position", "hint")}),
        (
            "In the checklist",
            {"fields": ("step", "priority", "todo_text", "done_text", "advice_url")},
        ),
    )
