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
