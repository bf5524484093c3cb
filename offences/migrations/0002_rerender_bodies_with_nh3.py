"""Render every stored body again: the sanitiser changed from bleach to nh3.

Both keep the same allowlist, and for Markdown from the pipeline their output is the same
on every shipped page; a body stored by bleach is still brought to what nh3 produces, so
that stored HTML always equals what a save would store now. Headings are written too.
The search index is left alone: the sanitiser changes no visible text.
"""

from django.db import migrations

MODELS_WITH_RENDERED_BODIES = [
    ("guidance", "GuidancePage"),
    ("publications", "NewsItem"),
    ("publications", "ProsecutionGuidance"),
]


def rerender_stored_bodies(apps, schema_editor):
    from guidance.rendering import render_many

    for app_label, model_name in MODELS_WITH_RENDERED_BODIES:
        model = apps.get_model(app_label, model_name)
        has_headings = any(field.name == "headings" for field in model._meta.fields)
        items = list(model.objects.order_by("pk").values("pk", "body_markdown", "body_html"))
        rendered_bodies = render_many([item["body_markdown"] for item in items])
        for item, rendered in zip(items, rendered_bodies, strict=True):
            updates = {"body_html": rendered.html}
            if has_headings:
                updates["headings"] = [
                    {"level": h.level, "text": h.text, "anchor": h.anchor}
                    for h in rendered.headings
                ]
            # update(): the "last updated" date and the revision history stay as they are.
            model.objects.filter(pk=item["pk"]).update(**updates)


class Migration(migrations.Migration):
    dependencies = [
        ("offences", "0001_initial"),
        ("guidance", "0002_editing"),
        ("publications", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(rerender_stored_bodies, migrations.RunPython.noop, elidable=True),
    ]
