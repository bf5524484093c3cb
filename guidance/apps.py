from django.apps import AppConfig

VERSIONED_FIELDS = (
    "title", "slug", "summary", "body_markdown", "status", "publish_at", "review_by",
    "public_updates", "updated_on", "reviewed_on", "body_html", "headings",
)  # fmt: skip
# The rendering is kept with each revision (never restored: a restore renders afresh), so
# the page as it stood on a date is shown without rendering old Markdown again.


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = "Guidance"
    # How the app plugs into the site (shared/declarations.py).
    content_files = ["guidance.page_files"]
    cached_tree_models = ["guidance.GuidancePage", "guidance.PageTranslation"]
    recoverable_models = ["guidance.GuidancePage"]
    search_documents = [
        "guidance.search_index.guidance_search", "guidance.search_index.welsh_search",
    ]  # fmt: skip
    search_browse = ["guidance.search_index.sections_to_browse"]

    def ready(self):
        import reversion

        from pagecache.policy import register_schedule

        from . import deletion, signals  # noqa: F401
        from .visibility import seconds_until_next_publication

        deletion.register()
        # Cached pages must not outlive the moment a scheduled page goes live.
        register_schedule(seconds_until_next_publication)
        from .models import GuidancePage, PageTranslation

        # Only what an editor writes is versioned: a restore must never rewrite the
        # tree's numbering (lft, rght, level, tree_id) or the stored path. A page's
        # revisions hold its Welsh version too.
        reversion.register(PageTranslation)
        reversion.register(GuidancePage, fields=VERSIONED_FIELDS, follow=("translations",))
