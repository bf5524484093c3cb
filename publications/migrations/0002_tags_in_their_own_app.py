"""Tags now belong to the tags app (see tags/migrations/0001_initial.py): the news items'
and prosecution guidance's links point at the same table, so only the state changes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    # news' 0002 under the app's new name (see 0001_initial).
    replaces = [("news", "0002_tags_in_their_own_app")]

    dependencies = [
        ("publications", "0001_initial"),
        ("tags", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="newsitem",
                    name="tags",
                    field=models.ManyToManyField(
                        blank=True, related_name="news_items", to="tags.tag"
                    ),
                ),
                migrations.AlterField(
                    model_name="prosecutionguidance",
                    name="tags",
                    field=models.ManyToManyField(
                        blank=True, related_name="prosecution_guidance", to="tags.tag"
                    ),
                ),
                migrations.DeleteModel(name="Tag"),
            ],
            database_operations=[],
        ),
    ]
