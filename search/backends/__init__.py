"""One search interface, a backend per database vendor (chosen by `connection.vendor`)."""

from django.db import connection

from .base import SearchBackend


def get_backend() -> SearchBackend:
    if connection.vendor == "postgresql":
        from .postgresql import PostgresSearchBackend

        return PostgresSearchBackend()
    if connection.vendor == "sqlite":
        from .sqlite import SqliteSearchBackend

        return SqliteSearchBackend()
    raise NotImplementedError(f"Site search has no backend for {connection.vendor}.")
