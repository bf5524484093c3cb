"""History, compare and restore for every versioned content model, as guidance pages have.

django-reversion's VersionAdmin gives the history list and restoring a revision (open it,
check, save: a new revision, so nothing is lost); this adds comparing any two revisions,
or one with the item as it is now, line by line with the same diff as pages.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.admin import VersionAdmin
from reversion.models import Version

from .admin import _whole_number
from .editing import FieldDiff, diff_texts


class RevisionHistoryAdmin(VersionAdmin):
    object_history_template = "admin/revision_history/object_history.html"

    def _compare_url_name(self):
        opts = self.model._meta
        return f"{opts.app_label}_{opts.model_name}_compare"

    def get_urls(self):
        return [
            path(
                "<int:object_id>/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=self._compare_url_name(),
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        versions = []
        if str(object_id).isdigit():
            versions = (
                Version.objects.get_for_object_reference(self.model, object_id)
                .select_related("revision__user")
                .order_by("-pk")
            )
        context = {
            **(extra_context or {}),
            "versions": versions,
            "compare_url": reverse(
                f"{self.admin_site.name}:{self._compare_url_name()}", args=[object_id]
            )
            if str(object_id).isdigit()
            else "",
        }
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        item = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_or_change_permission(request, item):
            raise PermissionDenied
        versions = {
            v.pk: v for v in Version.objects.get_for_object(item).select_related("revision")
        }
        older = versions.get(_whole_number(request.GET.get("from")))
        newer = versions.get(_whole_number(request.GET.get("to")))
        if older is None:
            raise Http404("Choose a revision to compare.")
        if newer is not None and newer.pk < older.pk:
            older, newer = newer, older
        older_fields = older.field_dict
        newer_fields = (
            newer.field_dict
            if newer
            else Version(serialized_data=_current_serialization(item), format="json").field_dict
        )
        diffs = [
            FieldDiff(
                str(self.model._meta.get_field(name).verbose_name).capitalize(),
                diff_texts(_as_text(older_fields.get(name)), _as_text(newer_fields.get(name))),
            )
            for name in older_fields
            if name != self.model._meta.pk.attname
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": item,
            "title": f"Changes to “{item}”",
            "older": older,
            "newer": newer,
            "diffs": diffs,
            "any_changes": any(diff.changed for diff in diffs),
        }
        return TemplateResponse(request, "admin/revision_history/compare.html", context)


def _current_serialization(item):
    from django.core import serializers
    from reversion.revisions import _get_options

    options = _get_options(type(item))
    return serializers.serialize("json", (item,), fields=options.fields)


def _as_text(value):
    if isinstance(value, list | tuple | set):
        return "\n".join(str(v) for v in value)
    return "" if value is None else str(value)
