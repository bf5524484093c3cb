"""On PostgreSQL a statement a connection keeps running is prepared on the server (parsed and
planned once), unless DATABASE_PREPARED_STATEMENTS=0 turns that off; and a statement prepared
before a migration changed what it returns is run again instead of failing."""

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, NotSupportedError, connections

from guidance.models import GuidancePage
from tests.services import settings_printed

pytestmark = pytest.mark.django_db

POSTGRES_URL = "postgres://portal@127.0.0.1:5432/portal"
PREPARED = "True 5"
NOT_PREPARED = "None None"


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"DATABASE_URL": POSTGRES_URL}, PREPARED),
        ({"DATABASE_URL": POSTGRES_URL, "DATABASE_PREPARED_STATEMENTS": "1"}, PREPARED),
        ({"DATABASE_URL": POSTGRES_URL, "DATABASE_PREPARED_STATEMENTS": "0"}, NOT_PREPARED),
        ({"DATABASE_URL": POSTGRES_URL, "DATABASE_PREPARED_STATEMENTS": "off"}, NOT_PREPARED),
        ({"DATABASE_URL": "sqlite:///portal.sqlite3"}, NOT_PREPARED),
    ],
)  # fmt: skip
def test_prepared_statements_are_on_for_postgresql_unless_the_environment_turns_them_off(
    environment, expected
):
    options = "s.DATABASES['default'].get('OPTIONS', {})"
    printed = settings_printed(
        f"{options}.get('server_side_binding'), {options}.get('prepare_threshold')",
        environment,
        unset={"DATABASE_URL", "DATABASE_PREPARED_STATEMENTS"},
    )
    assert printed == expected


def prepared_statements(wrapper):
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def run(wrapper, sql, params, times):
    with wrapper.cursor() as cursor:
        for _ in range(times):
            cursor.execute(sql, params)
            cursor.fetchall()


def test_a_query_a_connection_runs_more_than_five_times_is_prepared_once(own_connection):
    if not own_connection.settings_dict.get("OPTIONS", {}).get("server_side_binding"):
        pytest.fail("DATABASE_PREPARED_STATEMENTS is off in this environment")
    sql, params = GuidancePage.objects.filter(
        path="guidance/computer-misuse"
    ).query.sql_with_params()
    prepared = sql.replace("%s", "$1")
    run(own_connection, sql, params, times=settings.DATABASE_PREPARE_AFTER)
    assert prepared not in prepared_statements(own_connection)  # parsed and planned each time
    run(own_connection, sql, params, times=1)
    assert prepared_statements(own_connection).count(prepared) == 1
    run(own_connection, sql, ["guidance/another-page"], times=3)  # other values, same statement
    assert prepared_statements(own_connection).count(prepared) == 1


@pytest.fixture
def table_a_migration_changes():
    """A table of this test's own, changed by another connection (as `migrate` on another
    machine would) while a server's connection has a statement about it prepared."""
    migration = connections.create_connection(DEFAULT_DB_ALIAS)  # outside the test's transaction
    with migration.cursor() as cursor:
        cursor.execute("CREATE TABLE prepared_statement_probe (id integer, title varchar(20))")
        cursor.execute("INSERT INTO prepared_statement_probe VALUES (1, 'Fraud')")
    try:
        yield migration
    finally:
        with migration.cursor() as cursor:
            cursor.execute("DROP TABLE prepared_statement_probe")
        migration.close()


def widen_the_title(migration):
    with migration.cursor() as cursor:
        cursor.execute("ALTER TABLE prepared_statement_probe ALTER COLUMN title TYPE varchar(40)")


PROBE = "SELECT id, title FROM prepared_statement_probe WHERE id = %s"


def test_a_statement_prepared_before_a_migration_changed_its_columns_is_run_again(
    own_connection, table_a_migration_changes
):
    run(own_connection, PROBE, [1], times=settings.DATABASE_PREPARE_AFTER + 1)
    widen_the_title(table_a_migration_changes)
    for _ in range(2):  # without the mend, every run on this connection failed
        with own_connection.cursor() as cursor:
            cursor.execute(PROBE, [1])
            assert cursor.fetchall() == [(1, "Fraud")]


def test_in_a_transaction_the_outdated_statement_fails_once_and_runs_after_the_rollback(
    own_connection, table_a_migration_changes
):
    run(own_connection, PROBE, [1], times=settings.DATABASE_PREPARE_AFTER + 1)
    widen_the_title(table_a_migration_changes)
    own_connection.set_autocommit(False)  # a transaction, as transaction.atomic starts one
    with (
        pytest.raises(NotSupportedError, match="cached plan must not change result type"),
        own_connection.cursor() as cursor,
    ):
        cursor.execute(PROBE, [1])
    own_connection.rollback()
    own_connection.set_autocommit(True)
    with own_connection.cursor() as cursor:
        cursor.execute(PROBE, [1])
        assert cursor.fetchall() == [(1, "Fraud")]
