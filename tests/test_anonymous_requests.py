"""A reader's request costs no session, no message storage and no cookie; an editor's
messages still reach the next page."""

import pytest
from django.contrib import messages
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.functional import SimpleLazyObject, empty

from portal.middleware import MessagesWhenUsedMiddleware

pytestmark = pytest.mark.django_db

HACKING = "/guidance/cyber-dependent-crimes/hacking/"


@pytest.mark.parametrize(
    "path", ["/", HACKING, "/cy/", "/no-such-page/", f"{HACKING}?utm_source=newsletter"]
)
def test_a_reader_is_sent_no_cookie(client, small_tree, settings, path):
    settings.PAGE_CACHE_SECONDS = 0  # rendered through every middleware, not from the cache
    response = client.get(path)
    assert response.status_code in {200, 404}
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    assert not Session.objects.exists()  # and none was made on the server


def test_a_reader_request_makes_no_message_storage():
    request = RequestFactory().get("/")
    seen = []

    def view(request):
        seen.append(request._messages)
        return HttpResponse("a page")

    MessagesWhenUsedMiddleware(view)(request)
    assert isinstance(seen[0], SimpleLazyObject) and seen[0]._wrapped is empty


def editors_request(cookies=None):
    request = RequestFactory().get("/admin/")
    request.session = SessionStore()  # as SessionMiddleware, before this one, gives it
    request.COOKIES = cookies or {}
    return request


def test_a_message_added_on_one_page_is_shown_on_the_next():
    def view(request):
        messages.success(request, "Saved: the page is live now.")
        return HttpResponse("saved")

    response = MessagesWhenUsedMiddleware(view)(editors_request())
    stored = response.cookies.get("messages")
    assert stored is not None and stored.value  # kept for the next page in a cookie
    following = editors_request(cookies={"messages": stored.value})
    shown = []

    def next_view(request):
        shown.extend(str(message) for message in messages.get_messages(request))
        return HttpResponse("next")

    MessagesWhenUsedMiddleware(next_view)(following)
    assert shown == ["Saved: the page is live now."]
