from django.apps import AppConfig


class OffencesConfig(AppConfig):
    name = "offences"
    verbose_name = "Offences and glossary"

    def ready(self):
        from guidance.rendering import register_markdown_extension

        from . import link_targets  # signals: re-render pages when the data changes
        from .markup import ReferenceDataExtension

        register_markdown_extension(ReferenceDataExtension)
        link_targets.register()
