"""Migrations run cleanly on an empty database and on one holding the previous release's data."""

from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

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


def record_as_the_news_app():
    """The publications app was called news: a release before the rename recorded its
    migrations under that label (publications' own replace them, one for one)."""
    MigrationRecorder(connection).migration_qs.filter(app="publications").update(app="news")


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

    from publications.models import NewsItem
    from tags.models import Tag

    executor = MigrationExecutor(connection)
    apps = project_apps(executor)
    executor = migrate([(label, None) for label in apps])
    executor = migrate([("publications", "0001_initial"), ("guidance", "0001_initial")])
    record_as_the_news_app()
    old_apps = executor.loader.project_state(
        [("publications", "0001_initial"), ("guidance", "0001_initial")]
    ).apps
    OldPage = old_apps.get_model("guidance", "GuidancePage")
    OldTag = old_apps.get_model("publications", "Tag")
    OldNewsItem = old_apps.get_model("publications", "NewsItem")
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


def test_the_news_app_renamed_publications_keeps_its_items_history_and_permissions(client):
    """The app holding news and prosecution guidance was called news. A database from
    before the rename keeps every row (the tables keep their news_* names), its content
    types' ids (the groups' permissions, the admin log, the import records hang on them),
    and the versions and deleted items that named the app: an old version still opens in
    the admin and a deleted item is still brought back."""
    import json

    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.auth.models import Group, Permission, User
    from django.contrib.contenttypes.models import ContentType
    from django.urls import reverse
    from django.utils import timezone
    from reversion.models import Revision, Version

    from provenance.models import ImportRecord
    from publications.models import NewsItem, ProsecutionGuidance
    from recovery.models import DeletedItem
    from recovery.snapshots import restore
    from tags.models import Tag

    executor = MigrationExecutor(connection)
    apps = project_apps(executor)
    migrate([(label, None) for label in apps])
    before_rename = [
        ("publications", "0002_tags_in_their_own_app") if app == "publications" else (app, name)
        for app, name in latest(MigrationExecutor(connection))
    ]
    executor = migrate(before_rename)
    record_as_the_news_app()
    old_apps = executor.loader.project_state(before_rename).apps
    OldTag = old_apps.get_model("tags", "Tag")
    OldNewsItem = old_apps.get_model("publications", "NewsItem")
    OldGuidance = old_apps.get_model("publications", "ProsecutionGuidance")
    tag = OldTag.objects.create(name="Fraud", slug="fraud")
    item = OldNewsItem.objects.create(
        title="Officer sentenced", slug="officer-sentenced", status="published",
        published_on="2026-01-02", body_markdown="Sentenced.", body_html="<p>Sentenced.</p>",
    )  # fmt: skip
    item.tags.add(tag)
    guidance = OldGuidance.objects.create(
        title="Fraud guidance", slug="fraud-guidance", status="published",
        body_html="<p>Guidance.</p>",
    )  # fmt: skip
    guidance.tags.add(tag)

    # The content types as the previous release left them (this test database was made by
    # this release, which names them publications).
    ContentType.objects.filter(app_label__in=["news", "publications"]).delete()
    news_types = {
        model: ContentType.objects.create(app_label="news", model=model)
        for model in ("newsitem", "prosecutionguidance", "pinnednews", "pinnedguidance")
    }
    permission = Permission.objects.create(
        content_type=news_types["newsitem"], codename="change_newsitem",
        name="Can change news item",
    )  # fmt: skip
    Group.objects.create(name="Editors").permissions.add(permission)
    admin_user = User.objects.create_superuser("admin", "admin@example.com", "pw")
    LogEntry.objects.create(
        user=admin_user, content_type=news_types["newsitem"], object_id=str(item.pk),
        object_repr=item.title, action_flag=CHANGE, change_message="[]",
    )  # fmt: skip
    # A version saved by django-reversion then: the object serialized under news.newsitem.
    revision = Revision.objects.create(
        date_created=timezone.now(), user=admin_user, comment="Charged, before sentencing."
    )
    Version.objects.create(
        revision=revision, content_type=news_types["newsitem"], object_id=str(item.pk),
        db="default", format="json", object_repr="Officer charged",
        serialized_data=json.dumps([{"model": "news.newsitem", "pk": item.pk, "fields": {
            "title": "Officer charged", "slug": "officer-sentenced", "summary": "",
            "body_markdown": "Charged.", "body_html": "<p>Charged.</p>", "status": "published",
            "created_at": "2026-01-01T09:00:00Z", "updated_at": "2026-01-01T09:00:00Z",
            "published_on": "2026-01-01", "tags": [tag.pk],
        }}]),
    )  # fmt: skip
    ImportRecord.objects.create(
        content_type=news_types["newsitem"], object_id=item.pk,
        source="news/officer-sentenced.md", file_hash="f" * 64, row_hash="r" * 64,
        imported_at=timezone.now(),
    )  # fmt: skip
    # An entry deleted then, kept whole by Recently deleted.
    DeletedItem.objects.create(
        content_type=news_types["prosecutionguidance"], object_id=90, title="Old guidance",
        snapshot={"links": {}, "objects": json.dumps([{
            "model": "news.prosecutionguidance", "pk": 90, "fields": {
                "title": "Old guidance", "slug": "old-guidance", "summary": "",
                "body_markdown": "Old.", "body_html": "<p>Old.</p>", "status": "published",
                "created_at": "2025-01-01T09:00:00Z", "updated_at": "2025-01-01T09:00:00Z",
                "updated_on": None, "external_url": "", "tags": [tag.pk],
            }}])},
    )  # fmt: skip

    migrate(latest(MigrationExecutor(connection)))
    ContentType.objects.clear_cache()

    news_item = NewsItem.objects.get(slug="officer-sentenced")
    assert (news_item.pk, news_item.title) == (item.pk, "Officer sentenced")
    assert list(news_item.tags.all()) == [Tag.objects.get(slug="fraud")]
    assert list(ProsecutionGuidance.objects.get(slug="fraud-guidance").tags.all()) == [
        Tag.objects.get(slug="fraud")
    ]
    content_type = ContentType.objects.get_for_model(NewsItem)
    assert (content_type.app_label, content_type.pk) == ("publications", news_types["newsitem"].pk)
    assert ContentType.objects.get_for_model(ProsecutionGuidance).pk == (
        news_types["prosecutionguidance"].pk
    )
    assert not ContentType.objects.filter(app_label="news").exists()
    editors = Group.objects.get(name="Editors")
    assert editors.permissions.filter(
        content_type__app_label="publications", codename="change_newsitem"
    ).exists()
    assert ImportRecord.objects.get().content_object == news_item
    assert LogEntry.objects.get().get_edited_object() == news_item
    assert (
        MigrationRecorder(connection)
        .migration_qs.filter(app="publications", name="0003_renamed_from_news")
        .exists()
    )
    (version,) = Version.objects.get_for_object(news_item)
    assert version.field_dict["title"] == "Officer charged"

    client.force_login(admin_user)
    change_page = client.get(reverse("admin:publications_newsitem_change", args=[item.pk]))
    assert change_page.status_code == 200
    assert "Officer sentenced" in change_page.content.decode()
    history = client.get(reverse("admin:publications_newsitem_history", args=[item.pk]))
    assert "Charged, before sentencing." in history.content.decode()
    old_version = client.get(
        reverse("admin:publications_newsitem_revision", args=[item.pk, version.pk])
    )
    assert old_version.status_code == 200
    assert "Officer charged" in old_version.content.decode()
    bookmark = client.get(f"/admin/news/newsitem/{item.pk}/change/")
    assert bookmark.status_code == 301
    assert bookmark["Location"] == f"/admin/publications/newsitem/{item.pk}/change/"

    restored, notes = restore(DeletedItem.objects.get(), admin_user)
    assert (restored.pk, restored.title, notes) == (90, "Old guidance", [])
    assert list(ProsecutionGuidance.objects.get(pk=90).tags.all()) == [
        Tag.objects.get(slug="fraud")
    ]
    assert client.get("/news/officer-sentenced/").status_code == 200
