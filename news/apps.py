from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "News and prosecution guidance"
    # How the app plugs into the site (shared/declarations.py).
    content_files = ["news.content_files"]
    cached_models = [
        "news.NewsItem", "news.ProsecutionGuidance", "news.PinnedNews", "news.PinnedGuidance",
    ]  # fmt: skip
    recoverable_models = ["news.NewsItem", "news.ProsecutionGuidance"]
    search_documents = [
        "news.search_index.news_search", "news.search_index.prosecution_guidance_search",
    ]  # fmt: skip
    page_annotations = ["news.models.carries_quick_exit_tag"]

    def ready(self):
        from . import link_targets

        link_targets.register()
