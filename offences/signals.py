"""Saving or deleting offence or glossary data re-renders the pages that show it (and a
glossary change clears the abbreviations the search has cached)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from guidance.rerendering import EVERY_BODY, request_rerender

from .models import Act, CybercrimeType, GlossaryTerm, GlossaryTermTranslation, Offence
from .search_index import forget_abbreviations

# Only bodies holding a marker are affected by the offence data.
OFFENCE_TABLE_MARKER = "[[offence-table:"


@receiver(post_save, sender=GlossaryTermTranslation, dispatch_uid="welsh-glossary-saved")
@receiver(post_delete, sender=GlossaryTermTranslation, dispatch_uid="welsh-glossary-deleted")
def welsh_glossary_changed(sender, **kwargs):
    forget_abbreviations()  # a Welsh term is a meaning of its abbreviation too


@receiver(post_save, sender=GlossaryTerm, dispatch_uid="rerender-glossary-saved")
@receiver(post_delete, sender=GlossaryTerm, dispatch_uid="rerender-glossary-deleted")
def glossary_changed(sender, raw=False, **kwargs):
    forget_abbreviations()  # even for loaddata: the search must not keep old meanings
    if not raw:
        request_rerender(EVERY_BODY)  # an abbreviation may appear on any page


@receiver(post_save, sender=Offence, dispatch_uid="rerender-offence-saved")
@receiver(post_delete, sender=Offence, dispatch_uid="rerender-offence-deleted")
@receiver(post_save, sender=Act, dispatch_uid="rerender-act-saved")
@receiver(post_delete, sender=Act, dispatch_uid="rerender-act-deleted")
@receiver(post_save, sender=CybercrimeType, dispatch_uid="rerender-type-saved")
@receiver(post_delete, sender=CybercrimeType, dispatch_uid="rerender-type-deleted")
def offence_data_changed(sender, raw=False, **kwargs):
    if not raw:
        request_rerender(OFFENCE_TABLE_MARKER)


@receiver(m2m_changed, sender=Offence.cybercrime_types.through, dispatch_uid="rerender-types")
def offence_types_changed(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        request_rerender(OFFENCE_TABLE_MARKER)
