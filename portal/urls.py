from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path, re_path
from django.views.generic import RedirectView, TemplateView

from display import views as display_views
from guidance.sitemaps import GuidanceSitemap, WelshGuidanceSitemap
from health.views import healthz
from mot.sitemaps import DigitalMotSitemap
from offences.sitemaps import OffenceSitemap
from publications.sitemaps import (
    ListPagesSitemap,
    NewsSitemap,
    ProsecutionGuidanceSitemap,
    TagSitemap,
)
from shared import sitemaps as section_sitemaps
from statements.sitemaps import StatementSitemap, WelshStatementSitemap

SITEMAPS = {
    "pages": ListPagesSitemap,
    "guidance": GuidanceSitemap,
    "news": NewsSitemap,
    "prosecution-guidance": ProsecutionGuidanceSitemap,
    "tags": TagSitemap,
    "offences": OffenceSitemap,
    "digital-mot": DigitalMotSitemap,
    "statements": StatementSitemap,
    "guidance-cy": WelshGuidanceSitemap,
    "statements-cy": WelshStatementSitemap,
}

urlpatterns = [
    # The news app's admin pages, from before it was named publications: bookmarks still work.
    re_path(
        r"^admin/news/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/publications/%(rest)s", permanent=True, query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("display/", display_views.set_display, name="set-display"),
    # The accessibility statement's first address, kept for links to it.
    path(
        "accessibility/",
        RedirectView.as_view(url="/help/accessibility/", permanent=True),
        name="accessibility",
    ),
    # An index of one sitemap a section, each in pages of at most SECTION_PAGE_SIZE
    # addresses: a sitemap of 10 000 pages in one response took longer than a crawler waits.
    path(
        "sitemap.xml",
        section_sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]

# Every public page, in English at the root and in Welsh under /cy/ (languages/paths.py).
urlpatterns += i18n_patterns(
    path("help/", include("statements.urls")),
    path("search/", include("search.urls")),
    path("feedback/", include("feedback.urls")),
    path("digital-mot/", include("mot.urls")),
    path("", include("publications.urls")),
    path("", include("offences.urls")),
    # The guidance tree owns every other path, so it comes last.
    path("", include("guidance.urls")),
    prefix_default_language=False,
)
