from django.apps import AppConfig


class OffencesConfig(AppConfig):
    name = "offences"
    verbose_name = "Offences and glossary"
    # How the app plugs into the site (shared/declarations.py). The glossary is read
    # before the pages (they are rendered with it), the offences after them (they name
    # pages): each module's IMPORT_STAGE.
    content_files = ["offences.glossary_files", "offences.data_files"]
    cached_models = recoverable_models = [
        "offences.Act", "offences.CybercrimeType", "offences.Offence", "offences.GlossaryTerm",
    ]  # fmt: skip
    cached_models = [*recoverable_models, "offences.GlossaryTermTranslation"]
    search_documents = [
        "offences.search_index.offence_search", "offences.search_index.glossary_search",
    ]  # fmt: skip
    search_synonyms = ["offences.search_index.glossary_abbreviations"]
    page_annotations = ["offences.models.discusses_offences"]
    link_choices = [
        "offences.link_targets.offence_choices",
        "offences.link_targets.glossary_choices",
    ]

    def ready(self):
        from guidance.rendering import register_markdown_extension

        # signals: saving the data re-renders the pages that show it.
        from . import link_targets, signals  # noqa: F401
        from .markup import ReferenceDataExtension

        register_markdown_extension(ReferenceDataExtension)
        link_targets.register()
