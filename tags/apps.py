from django.apps import AppConfig


class TagsConfig(AppConfig):
    name = "tags"
    verbose_name = "Tags"
    # How the app plugs into the site (shared/declarations.py).
    cached_models = ["tags.Tag"]
