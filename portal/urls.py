from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from display import views as display_views
from health.views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("display/", display_views.set_display, name="set-display"),
    path(
        "accessibility/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("search/", include("search.urls")),
    # The guidance tree owns every other path, so it comes last.
    path("", include("guidance.urls")),
]
