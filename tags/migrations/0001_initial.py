"""Tags move out of the news app into their own: the same table (news_tag) and the same
links (news_tag_pages), so nothing in the database changes but the name of the model's
content type, which keeps its id (and with it the permissions the Editors and Approvers
groups hold, and the admin's log)."""

from django.db import migrations, models


def rename_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="tags", model="tag").exists():
        ContentType.objects.filter(app_label="news", model="tag").update(app_label="tags")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="news", model="tag").exists():
        ContentType.objects.filter(app_label="tags", model="tag").update(app_label="news")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("guidance", "0001_initial"),
        ("publications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Tag",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=100, unique=True)),
                        ("slug", models.SlugField(max_length=100, unique=True)),
                        (
                            "pages",
                            models.ManyToManyField(
                                blank=True, related_name="tags", to="guidance.guidancepage"
                            ),
                        ),
                    ],
                    options={"ordering": ["name"], "db_table": "news_tag"},
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_type, restore_content_type),
    ]
