"""The shared caches: Django's Redis cache with one client per connection pool, and
Django's file-based cache for a site without Redis.

Django's RedisCacheClient builds a new `redis.Redis` object for every cache operation,
and building one fills a table of a few hundred response handlers: about 150 µs, half the
cost of answering a page from the cache. A client is safe to share between threads (its
connection pool hands out the connections), so each pool keeps one.
"""

import time

from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None or client.connection_pool is not pool:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient


class SharedFileCache(FileBasedCache):
    """Django's file-based cache, for a site without Redis: one directory every worker on
    the machine reads and writes, so an edit saved through one is seen by all at once.

    Django's version lists the whole directory before every write to see whether it is
    full; with tens of thousands of pages that listing costs more than the write. This one
    looks at most once every CULL_CHECK_SECONDS in each process (a directory can then
    overshoot MAX_ENTRIES by what the workers write meanwhile).
    """

    CULL_CHECK_SECONDS = 60

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._next_cull_check = 0.0

    def _cull(self):
        now = time.monotonic()
        if now < self._next_cull_check:
            return
        self._next_cull_check = now + self.CULL_CHECK_SECONDS
        super()._cull()
