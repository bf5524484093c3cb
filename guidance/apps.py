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

    def ready(self):
        import reversion

        from . import deletion, signals  # noqa: F401

        deletion.register()
        from .models import GuidancePage, PageTranslation

        # Only what an editor writes is versioned: a restore must never rewrite the
        # tree's numbering (lft, rght, level, tree_id) or the stored path. A page's
        # revisions hold its Welsh version too.
        reversion.register(PageTranslation)
        reversion.register(GuidancePage, fields=VERSIONED_FIELDS, follow=("translations",))
