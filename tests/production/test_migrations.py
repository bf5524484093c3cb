"""Migrations run cleanly on an empty database and on one holding the previous release's data."""

from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from guidance.models import GuidancePage

pytestmark = pytest.mark.django_db(transaction=True)

# The schema of the previous release (the first one: the guidance tree alone).
PREVIOUS_RELEASE = {"guidance": "0001_initial"}


def project_apps(executor):
    """Our own apps with migrations (not Django's or third parties' in the virtualenv)."""
    base = Path(settings.BASE_DIR).resolve()
    own = []
    for label in executor.loader.migrated_apps:
        path = Path(django_apps.get_app_config(label).path).resolve()
        if path.is_relative_to(base) and ".venv" not in path.parts:
            own.append(label)
    return sorted(own)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)


def latest(executor):
    return executor.loader.graph.leaf_nodes()


def test_migrations_run_on_an_empty_database():
    executor = MigrationExecutor(connection)
    apps = project_apps(executor)
    executor = migrate([(label, None) for label in apps])
    assert "guidance_guidancepage" not in connection.introspection.table_names()
    migrate(latest(executor))
    assert "guidance_guidancepage" in connection.introspection.table_names()
    GuidancePage(title="Guidance", slug="guidance", status="published").save()


def test_migrations_keep_the_previous_releases_data():
    executor = MigrationExecutor(connection)
    apps = project_apps(executor)
    targets = [(label, PREVIOUS_RELEASE.get(label)) for label in apps]
    executor = migrate([(label, None) for label in apps if label not in PREVIOUS_RELEASE])
    executor = migrate(targets)
    # Apps newer than the previous release have no state to build it from (target None).
    old_apps = executor.loader.project_state([t for t in targets if t[1] is not None]).apps
    OldPage = old_apps.get_model("guidance", "GuidancePage")
    common = {"status": "published", "body_markdown": "Body.", "body_html": "<p>Body.</p>"}
    root = OldPage.objects.create(
        title="Guidance", slug="guidance", path="guidance", tree_id=1, lft=1, rght=4, level=0,
        sibling_order=1, **common,
    )  # fmt: skip
    OldPage.objects.create(
        title="Hacking", slug="hacking", path="guidance/hacking", parent=root, tree_id=1,
        lft=2, rght=3, level=1, sibling_order=1, **common,
    )  # fmt: skip
    migrate(latest(MigrationExecutor(connection)))
    hacking = GuidancePage.objects.get(path="guidance/hacking")
    assert hacking.parent.title == "Guidance"
    assert hacking.body_html == "<p>Body.</p>"
    hacking.body_markdown = "Edited after the upgrade."
    hacking.save()
    assert "Edited after the upgrade." in GuidancePage.objects.get(pk=hacking.pk).body_html


def test_tags_moved_to_their_own_app_keep_their_rows_links_and_permissions():
    """Tags began in the news app: an upgraded database keeps every tag, its links to
    pages and news, and its content type's id (the groups' permissions and the admin
    log hang on it)."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from news.models import NewsItem
    from tags.models import Tag

    executor = MigrationExecutor(connection)
    apps = project_apps(executor)
    executor = migrate([(label, None) for label in apps])
    executor = migrate([("news", "0001_initial"), ("guidance", "0001_initial")])
    old_apps = executor.loader.project_state(
        [("news", "0001_initial"), ("guidance", "0001_initial")]
    ).apps
    OldPage = old_apps.get_model("guidance", "GuidancePage")
    OldTag = old_apps.get_model("news", "Tag")
    OldNewsItem = old_apps.get_model("news", "NewsItem")
    page = OldPage.objects.create(
        title="Advice", slug="advice", path="advice", tree_id=1, lft=1, rght=2, level=0,
        sibling_order=1, status="published",
    )  # fmt: skip
    tag = OldTag.objects.create(name="Domestic abuse", slug="domestic-abuse")
    tag.pages.add(page)
    item = OldNewsItem.objects.create(
        title="Item", slug="item", status="published", published_on="2026-01-01"
    )
    item.tags.add(tag)
    # As the previous release left them (the test database was made by this one).
    ContentType.objects.filter(app_label="tags").delete()
    content_type, _ = ContentType.objects.get_or_create(app_label="news", model="tag")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="change_tag", defaults={"name": "Can change tag"}
    )
    Group.objects.create(name="Editors").permissions.add(permission)

    migrate(latest(MigrationExecutor(connection)))
    ContentType.objects.clear_cache()

    moved = Tag.objects.get(slug="domestic-abuse")
    assert moved.pk == tag.pk
    assert list(moved.pages.values_list("path", flat=True)) == ["advice"]
    assert list(NewsItem.objects.get(slug="item").tags.all()) == [moved]
    assert ContentType.objects.get_for_model(Tag).pk == content_type.pk
    assert (
        Group.objects.get(name="Editors")
        .permissions.filter(content_type__app_label="tags", codename="change_tag")
        .exists()
    )
