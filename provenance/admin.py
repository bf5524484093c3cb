from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join

from .models import RefusedImport


@admin.register(RefusedImport)
class RefusedImportAdmin(admin.ModelAdmin):
    """File versions an import did not apply because an editor had changed the item too.

    Kept whole beside the item: bring what is worth keeping into the item by hand, or
    export the admin's version back to the files (export_content) to settle it.
    """

    list_display = ("source", "content_type", "admin_changed_by", "admin_changed_at", "refused_at")
    list_filter = ("content_type",)
    search_fields = ("source",)
    fields = (
        "source", "item", "admin_changed_by", "admin_changed_at", "refused_at", "versions",
    )  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Item (the admin's version is kept)")
    def item(self, refused):
        model = refused.content_type.model_class()
        label = f"{refused.content_type.name} {refused.object_id}"
        try:
            url = reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
                args=[refused.object_id],
            )
        except NoReverseMatch:
            return label
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description="Field by field")
    def versions(self, refused):
        rows = [
            (name, refused.admin_fields.get(name, ""), value)
            for name, value in refused.file_fields.items()
            if refused.admin_fields.get(name) != value
        ]
        return format_html(
            "<table><thead><tr><th scope='col'>Field</th><th scope='col'>Kept (admin)</th>"
            "<th scope='col'>Not applied (file)</th></tr></thead><tbody>{}</tbody></table>",
            format_html_join(
                "",
                "<tr><th scope='row'>{}</th><td><pre>{}</pre></td><td><pre>{}</pre></td></tr>",
                rows,
            ),
        )


def refused_imports_of(instance):
    """The file versions refused for one object, newest first, for its history page."""
    from django.contrib.contenttypes.models import ContentType

    return RefusedImport.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk
    )
