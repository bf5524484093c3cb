"""Inserting thousands of new rows at once (an import's pages, revisions, search documents).

On PostgreSQL the rows go in with COPY: Django's bulk_create writes each batch as one
INSERT whose every value psycopg quotes into the SQL text, and the server parses it back
(in an import of 1 000 pages, a sixth of the parent's CPU and much of the server's went to
that). The values are the ones bulk_create would send (each field's `pre_save` and
`get_db_prep_save`), and the keys are taken from the table's sequence in the same order,
so both paths store the same rows (tests/test_bulk_insert.py holds them to that). On other
databases it is bulk_create.
"""

from django.db import connections, router, transaction

BATCH_SIZE = 500  # bulk_create's: SQLite refuses a query with too many parameters
COPY_VENDORS = frozenset({"postgresql"})  # the databases written with COPY


def insert_new(objects):
    """Insert new instances of one model (no key yet) and give each its key, as
    `bulk_create` does; return them. No model signals, as with bulk_create."""
    objects = list(objects)
    if not objects:
        return objects
    model = type(objects[0])
    using = router.db_for_write(model)
    connection = connections[using]
    if connection.vendor not in COPY_VENDORS:
        return model._default_manager.using(using).bulk_create(objects, batch_size=BATCH_SIZE)
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.generated]
    quote = connection.ops.quote_name
    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objects)],
        )
        for instance, (key,) in zip(objects, sorted(cursor.fetchall()), strict=True):
            instance.pk = key
        columns = ", ".join(quote(field.column) for field in fields)
        with cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for instance in objects:
                copy.write_row(
                    [
                        field.get_db_prep_save(field.pre_save(instance, True), connection)
                        for field in fields
                    ]
                )
    for instance in objects:
        instance._state.adding = False
        instance._state.db = using
    return objects
