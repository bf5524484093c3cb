from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = "News and prosecution guidance"
    # How the app plugs into the site (shared/declarations.py).
    content_files = ["publications.content_files"]
    cached_models = [
        "publications.NewsItem", "publications.ProsecutionGuidance",
        "publications.PinnedNews", "publications.PinnedGuidance",
    ]  # fmt: skip
    recoverable_models = ["publications.NewsItem", "publications.ProsecutionGuidance"]
    search_documents = [
        "publications.search_index.news_search",
        "publications.search_index.prosecution_guidance_search",
    ]  # fmt: skip
    page_annotations = ["publications.models.carries_quick_exit_tag"]
    linking_bodies = [
        ("News", "publications.NewsItem", ("slug",)),
        ("Prosecution guidance", "publications.ProsecutionGuidance", ("slug",)),
    ]
    link_choices = ["publications.link_targets.news_choices"]

    def ready(self):
        from . import link_targets

        link_targets.register()
