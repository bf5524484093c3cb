import pytest
from django.core.cache import cache

from guidance.visibility import NO_PUBLICATION, next_publication_key


@pytest.fixture(autouse=True)
def fresh_rate_limit_counters():
    """Each test starts with no posts counted against its address (and, as on a running
    site, with the cache knowing that nothing is scheduled)."""
    cache.clear()
    cache.set(next_publication_key(), NO_PUBLICATION, timeout=None)
    yield
    cache.clear()


@pytest.fixture
def vote(client):
    """Send "Is this page useful?" as a browser on this site would."""

    def send(useful="yes", page="/guidance/introduction/", headers=None, address=None, **fields):
        data = {"page": page, "useful": useful, "website": "", **fields}
        if useful is None:
            del data["useful"]
        return client.post(
            "/feedback/",
            data,
            headers={"Sec-Fetch-Site": "same-origin", **(headers or {})},
            REMOTE_ADDR=address or "127.0.0.1",
        )

    return send
