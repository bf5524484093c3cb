from django.apps import AppConfig


class OffencesConfig(AppConfig):
    name = "offences"
    verbose_name = "Offences and glossary"

    def ready(self):
        from guidance.rendering import register_markdown_extension

        # signals: saving the data re-renders the pages that show it.
        from . import link_targets, signals  # noqa: F401
        from .markup import ReferenceDataExtension

        register_markdown_extension(ReferenceDataExtension)
        link_targets.register()
