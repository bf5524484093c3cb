"""Rendering stored bodies again when the data the pipeline draws on changes.

Every model that renders its body on save (`RenderedOnSave`) is rendered again here: an
app that adds a Markdown extension to the pipeline (the glossary's abbreviations, the
offence data's annex tables) asks for it when its data changes. The stored HTML is brought
up to date in the same transaction as the data change (a management command does it by
hand), never per request.
Many changes in a row (an import, one admin form) re-render once, at the end.
"""

from django.apps import apps

from search.indexing import reindex_soon
from search.registry import searchables_for_model
from shared.batching import Batch

from .rendering import RenderedOnSave, render_many

EVERY_BODY = ""


def models_with_rendered_bodies():
    return [model for model in apps.get_models() if issubclass(model, RenderedOnSave)]


def rerender_bodies(containing=EVERY_BODY):
    """Render again every stored body (holding `containing`); return how many changed."""
    changed_count = 0
    for model in models_with_rendered_bodies():
        has_headings = any(field.name == "headings" for field in model._meta.fields)
        fields = [model._meta.pk.name, "body_markdown", "body_html"] + (
            ["headings"] if has_headings else []
        )
        items = model.objects.only(*fields)
        if containing:
            items = items.filter(body_markdown__contains=containing)
        items = list(items)
        changed = []
        for item, rendered in zip(
            items, render_many([item.body_markdown for item in items]), strict=True
        ):
            updates = {"body_html": item.html_to_store(rendered)}
            if has_headings:
                updates["headings"] = [
                    {"level": h.level, "text": h.text, "anchor": h.anchor}
                    for h in rendered.headings
                ]
            if all(getattr(item, field) == value for field, value in updates.items()):
                continue
            # update(), not save(): the page's text and its "last updated" date stay as they are.
            model.objects.filter(pk=item.pk).update(**updates)
            changed.append(item)
        for searchable in searchables_for_model(model):
            reindex_soon(searchable, changed)
        changed_count += len(changed)
    return changed_count


def _rerender_requested(requests):
    if EVERY_BODY in requests:
        rerender_bodies()
    else:
        for containing in sorted(requests):
            rerender_bodies(containing)


_rerendering = Batch(_rerender_requested)

# Collect re-render requests made inside the block and run each once at its end.
batched_rerendering = _rerendering.open


def request_rerender(containing=EVERY_BODY):
    """Re-render now, or at the end of the current batch."""
    _rerendering.request(containing)
