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
"""

import select

from django.db.backends.postgresql import base
from psycopg.pq import ConnStatus, TransactionStatus


def has_news(socket_number):
    """Whether the server has sent anything (or hung up) on this idle connection."""
    if not hasattr(select, "poll"):  # Windows: no poll() for sockets; ask the server
        return True
    poller = select.poll()
    poller.register(socket_number, select.POLLIN | select.POLLPRI)
    return bool(poller.poll(0))


class DatabaseWrapper(base.DatabaseWrapper):
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
