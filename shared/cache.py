"""The shared caches: Django's Redis cache with one client per connection pool, and
Django's file-based cache for a site without Redis.

Django's RedisCacheClient builds a new `redis.Redis` object for every cache operation,
and building one fills a table of a few hundred response handlers: about 150 µs, half the
cost of answering a page from the cache. A client is safe to share between threads (its
connection pool hands out the connections), so each pool keeps one. The page cache's
lookup (one MGET a page) goes further: on a connection each thread keeps for itself.
"""

import fcntl
import hashlib
import os
import pickle
import tempfile
import threading
import time
import zlib
from contextlib import contextmanager

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import connection


def of_this_database(key):
    """The cache key of something read from the database: two sites (or a site and its
    tests, or two test workers) sharing one cache each keep their own."""
    name = str(connection.settings_dict["NAME"])
    return f"{key}:{hashlib.sha256(name.encode()).hexdigest()[:16]}"


class SharedClientRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None or client.connection_pool is not pool:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def get_many(self, keys):
        """One MGET on this thread's own connection: the page cache's one round trip a page.

        Through redis-py's client an MGET costs about 65 µs of CPU (taking a connection from
        the pool and checking it, the retry wrapper, the metrics hooks); on a connection of
        the thread's own, about 25. The connection is made from the pool's settings (server,
        database, timeouts, protocol) and dropped after any error, so a reply cut short is
        never read as the next one's; the caller sees the error as from any cache call.
        """
        connection = self._reader()
        try:
            connection.send_command("MGET", *keys)
            values = connection.read_response()
        except BaseException:
            connection.disconnect()
            raise
        return {
            key: self._serializer.loads(value)
            for key, value in zip(keys, values, strict=True)
            if value is not None
        }

    def _reader(self):
        readers = self.__dict__.get("_readers")
        if readers is None:
            readers = self.__dict__.setdefault("_readers", threading.local())
        pool = self._get_connection_pool(False)
        connection = getattr(readers, "connection", None)
        # A new one after a fork (a worker never shares its parent's socket) or a new pool.
        if connection is None or readers.owner != (os.getpid(), id(pool)):
            connection = readers.connection = pool.connection_class(**pool.connection_kwargs)
            readers.owner = (os.getpid(), id(pool))
        return connection


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient

    def get_many(self, keys, version=None):
        """Django's, without checking each key for memcached's limits (Redis has none)."""
        key_map = {self.make_key(key, version=version): key for key in keys}
        values = self._cache.get_many(list(key_map))
        return {key_map[k]: v for k, v in values.items()}


class SharedFileCache(FileBasedCache):
    """Django's file-based cache, for a site without Redis: one directory every worker on
    the machine reads and writes, so an edit saved through one is seen by all at once.

    Django's version lists the whole directory before every write to see whether it is
    full; with tens of thousands of pages that listing costs more than the write. This one
    looks at most once every CULL_CHECK_SECONDS in each process (a directory can then
    overshoot MAX_ENTRIES by what the workers write meanwhile).

    Django's `add` (look, then write) and `incr` (read, then write) are two steps: two
    workers counting at once could both add, or both write back the same number, and a
    counter (the feedback rate limit) would undercount. Here both hold an exclusive lock
    on one file of the directory, so every worker's add and incr take turns. A plain `set`
    needs no lock: it writes a temporary file and renames it over the old one.
    """

    LOCK_FILE = "add-and-incr.lock"

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

    @contextmanager
    def _exclusive(self):
        """One add or incr at a time across every process and thread on this directory."""
        self._createdir()
        with open(os.path.join(self._dir, self.LOCK_FILE), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with self._exclusive():
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        """Add delta under the lock, keeping the entry's expiry (Django's would restart it)."""
        with self._exclusive():
            fname = self._key_to_file(key, version)
            try:
                with open(fname, "rb") as f:
                    if self._is_expired(f):
                        raise ValueError(f"Key '{key}' not found")
                    f.seek(0)
                    expiry = pickle.load(f)  # noqa: S301 (this cache's own file, as Django reads it)
                    value = pickle.loads(zlib.decompress(f.read())) + delta  # noqa: S301
            except FileNotFoundError:
                raise ValueError(f"Key '{key}' not found") from None
            fd, tmp_path = tempfile.mkstemp(dir=self._dir)
            with open(fd, "wb") as f:
                f.write(pickle.dumps(expiry, self.pickle_protocol))
                f.write(zlib.compress(pickle.dumps(value, self.pickle_protocol)))
            os.replace(tmp_path, fname)
            return value
