"""The glossary as content/glossary.yaml: a content source of its own (see CONTENT_SOURCES).

Imported before the guidance pages, because every page is rendered with the glossary's
abbreviations: new pages are then rendered once, with the terms they will show.
"""

from .data_files import export_glossary_to as export_to
from .data_files import import_glossary_from as import_from

KIND = "glossary"

__all__ = ["KIND", "export_to", "import_from"]
