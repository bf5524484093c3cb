from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "News and prosecution guidance"

    def ready(self):
        from . import link_targets

        link_targets.register()
