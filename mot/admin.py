from django.contrib import admin

from guidance.history_admin import RevisionHistoryAdmin

from .models import Answer, Question, QuestionTranslation


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    min_num = 2
    fields = ("position", "value", "label", "outcome")


class QuestionTranslationInline(admin.StackedInline):
    """The question in Welsh ("Cymraeg"), beside the English (content/digital-mot.cy.yaml)."""

    model = QuestionTranslation
    extra = 0
    max_num = 1
    fields = ("language", "text", "hint", "step", "done_text", "todo_text", "answer_labels")
    verbose_name = verbose_name_plural = "Cymraeg (Welsh version)"


@admin.register(Question)
class QuestionAdmin(RevisionHistoryAdmin):
    list_display = ("position", "text", "priority", "advice_url")
    list_display_links = ("text",)
    list_editable = ("position",)
    ordering = ("position",)
    search_fields = ("text", "step", "todo_text")
    inlines = [AnswerInline, QuestionTranslationInline]
    fieldsets = (
        (None, {"fields": ("text", "slug", "position", "hint")}),
        (
            "In the checklist",
            {"fields": ("step", "priority", "todo_text", "done_text", "advice_url")},
        ),
    )
