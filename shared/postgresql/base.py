"""Django's PostgreSQL backend, with a connection health check that costs no round trip
while the connection is quiet.

With CONN_HEALTH_CHECKS Django sends `SELECT 1` before the first query of every request on
a persistent connection, so that a connection the server has closed (a restart, a failover,
an idle timeout) is replaced instead of failing the request. That is one round trip, and
a wait for the server, on every page rendered. A server that closes a connection sends a
message saying so (or at least the end of the stream), which makes the socket readable; an
idle connection in good order has nothing to read. So the socket is polled first, which
costs a system call: only when something has arrived, or the client already knows the
connection is broken or not idle, is the server asked with `SELECT 1` as before. Either
way a connection found unusable is closed and the request opens a new one.

With prepared statements on (portal/settings.py, DATABASE_PREPARED_STATEMENTS), a statement
the connection prepared before a migration changed the type of a column it returns fails
with "cached plan must not change result type", on every execution, for as long as the
connection lives. Outside a transaction the cursor then drops the connection's prepared
statements and runs the statement again, once; inside one the transaction has failed
anyway, and its rollback makes psycopg drop them.
"""

import select

from django.db.backends.postgresql import base
from psycopg import errors
from psycopg.pq import ConnStatus, TransactionStatus


def has_news(socket_number):
    """Whether the server has sent anything (or hung up) on this idle connection."""
    if not hasattr(select, "poll"):  # Windows: no poll() for sockets; ask the server
        return True
    poller = select.poll()
    poller.register(socket_number, select.POLLIN | select.POLLPRI)
    return bool(poller.poll(0))


def is_outdated_plan(error):
    return isinstance(error, errors.FeatureNotSupported) and (
        error.diag.message_primary == "cached plan must not change result type"
    )


class ServerBindingCursor(base.ServerBindingCursor):
    def execute(self, query, params=None, **options):
        try:
            return super().execute(query, params, **options)
        except errors.FeatureNotSupported as error:
            in_transaction = self.connection.info.transaction_status != TransactionStatus.IDLE
            if in_transaction or not is_outdated_plan(error):
                raise
        # psycopg forgets its own prepared statements when it sees this command succeed.
        self.connection.execute("DEALLOCATE ALL")
        return super().execute(query, params, **options)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        if params["cursor_factory"] is base.ServerBindingCursor:
            params["cursor_factory"] = ServerBindingCursor
        return params

    def close_if_health_check_failed(self):
        if (
            self.connection is None
            or not self.health_check_enabled
            or self.health_check_done
            or self.pool
        ):
            return super().close_if_health_check_failed()
        if self.quiet_and_in_good_order():
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def quiet_and_in_good_order(self):
        pgconn = self.connection.pgconn
        return (
            not self.connection.closed
            and pgconn.status == ConnStatus.OK
            and pgconn.transaction_status == TransactionStatus.IDLE
            and not has_news(pgconn.socket)
        )
