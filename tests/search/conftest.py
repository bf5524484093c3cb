import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command


@pytest.fixture
def editor_client(client, db):
    """A client signed in as a member of the Editors group (not a superuser)."""
    call_command("create_editor_group", stdout=open("/dev/null", "w"))  # noqa: SIM115
    editor = User.objects.create_user("search-editor", password="correct horse", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client
