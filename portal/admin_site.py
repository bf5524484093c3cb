"""The editors' admin: says whose it is, lists the guidance first, and has a home page that
shows what needs an editor (built by guidance.workspace)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

# The order editors reach for the apps; any app not named here follows, alphabetically.
APP_ORDER = ("guidance", "publications", "tags", "offences", "feedback", "mot")


class EditorsAdminSite(admin.AdminSite):
    site_header = "Cybercrime guidance portal — editors"
    site_title = "Cybercrime guidance portal — editors"
    index_title = "What needs an editor"
    index_template = "admin/editors_index.html"

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        position = {label: index for index, label in enumerate(APP_ORDER)}
        return sorted(apps, key=lambda app: (position.get(app["app_label"], len(APP_ORDER)),))

    def index(self, request, extra_context=None):
        from guidance.workspace import what_needs_an_editor

        extra_context = {**(extra_context or {}), **what_needs_an_editor(request.user)}
        return super().index(request, extra_context)


class EditorsAdminConfig(AdminConfig):
    default_site = "portal.admin_site.EditorsAdminSite"
