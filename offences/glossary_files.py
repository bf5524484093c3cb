"""The glossary as content/glossary.yaml: a content source of its own (see OffencesConfig).

Imported before the guidance pages, because every page is rendered with the glossary's
abbreviations: new pages are then rendered once, with the terms they will show.
"""

from guidance.content_files import BEFORE_PAGES

from .data_files import export_glossary_to as export_to
from .data_files import import_glossary_from as import_from

KIND = "glossary"
IMPORT_STAGE = BEFORE_PAGES

__all__ = ["IMPORT_STAGE", "KIND", "export_to", "import_from"]
