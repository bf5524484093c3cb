from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse


@pytest.fixture
def editors_group(db):
    call_command("create_editor_group", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Group.objects.get(name="Editors")


def log_in(client, username, password, address="203.0.113.7", **headers):
    """Sign in through the admin's sign-in form, from an address."""
    return client.post(
        reverse("admin:login") + "?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


@pytest.fixture
def make_editor(editors_group):
    def make(username="editor"):
        user = User.objects.create_user(username, password="correct horse battery", is_staff=True)
        user.groups.add(editors_group)
        return user

    return make


@pytest.fixture
def editor(make_editor):
    return make_editor()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def approver_client(editors_group):
    """Signed in as a legal reviewer in the Approvers group."""
    user = User.objects.create_user("lawyer", password="x" * 20, is_staff=True)
    user.groups.add(Group.objects.get(name="Approvers"))
    client = Client()
    client.force_login(user)
    return client


class _FormReader(HTMLParser):
    """Reads the fields of the admin's page form as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.data = {}
        self._select = None
        self._textarea = None
        self.multiple = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data[name] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
            if "multiple" in attrs:
                self.multiple.add(name)
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def change_form_data(client, page, url=None, **changes):
    """What the admin's change form for a page (or the object at `url`) posts, as it stands
    now, with some changes."""
    url = url or reverse("admin:guidance_guidancepage_change", args=[page.pk])
    response = client.get(url)
    assert response.status_code == 200
    reader = _FormReader()
    reader.feed(response.content.decode())
    data = {k: v for k, v in reader.data.items() if k != "csrfmiddlewaretoken"}
    # A textarea's first newline is dropped by browsers, as Django expects.
    for name in ("body_markdown", "summary", "change_note"):
        if data.get(name, "").startswith("\n"):
            data[name] = data[name][1:]
    # A multiple select with nothing chosen sends nothing.
    data = {
        name: value for name, value in data.items() if value != "" or name not in reader.multiple
    }
    data.update(changes)
    return data


def post_change(client, page, **changes):
    url = reverse("admin:guidance_guidancepage_change", args=[page.pk])
    return client.post(url, change_form_data(client, page, **changes))
