"""Files and the admin share one truth: what an import does with each object, decided here.

Every importer (pages, news, prosecution guidance, offences, Acts, cybercrime types,
glossary terms, MOT questions) describes an object twice in the same shape: as its file
says it (`file_fields`) and as its row holds it now (`row_fields`). With what the object
was last imported from (ImportRecord), the ledger decides:

- the file unchanged since the last import: leave the row alone, whatever editors did;
- the file changed and the row not edited since: update it;
- both changed: keep the editor's version, keep the file's as a RefusedImport, report it;
- no record yet (a database older than the records, or a row created in the admin): a row
  equal to its file counts as imported from it, a row that differs as edited in the admin.

`prefer_files` overwrites deliberately. Every change is a django-reversion revision
"Imported from content/…", so an editor can see and undo it in the object's history.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import batched, chain
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import router
from django.db.models import prefetch_related_objects
from django.db.models.fields.related_descriptors import ReverseManyToOneDescriptor
from django.utils import timezone
from reversion.models import Revision, Version

# django-reversion's own reading of a registration (what to store, what to follow), so that
# the revisions written in bulk here are the ones its create_revision() would write.
from reversion.revisions import _follow_relations_recursive, _get_options

from shared.bulk_insert import insert_new
from shared.workers import parallel_results, workers_open

from .models import ImportRecord, RefusedImport

CREATE = "create"
UPDATE = "update"
LEAVE = "leave"
IMPORT_COMMENT_PREFIX = "Imported from "
PARALLEL_FROM = 200  # fewer versions are serialized here: handing them over costs more
WORKER_CHUNK = 50
VERSIONS_WRITTEN_AT_ONCE = 500


def fingerprint(fields):
    """A stable hash of a dict of field values (dates and the like as text)."""
    text = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _json_safe(fields):
    return json.loads(json.dumps(fields, default=str, ensure_ascii=False))


def last_admin_change(model, object_id):
    """(user, when) of the object's latest revision not made by an import.

    Without one (an edit from before revisions were kept), its last save if it records one.
    """
    versions = Version.objects.get_for_object_reference(model, object_id)
    for version in versions.select_related("revision__user").order_by("-pk")[:20]:
        if not version.revision.get_comment().startswith(IMPORT_COMMENT_PREFIX):
            return version.revision.user, version.revision.date_created
    if any(f.name == "updated_at" for f in model._meta.get_fields()):
        return None, model.objects.filter(pk=object_id).values_list("updated_at", flat=True).first()
    return None, None


@dataclass
class ImportLedger:
    """One import's decisions. `adopt`: after an export, record what was written, change nothing."""

    content_dir: Path
    prefer_files: bool = False
    adopt: bool = False
    conflicts: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    _records: dict = field(default_factory=dict)  # model -> {object id: record}
    _by_source: dict = field(default_factory=dict)  # model -> {source: record}
    _imported: dict = field(default_factory=lambda: defaultdict(list))  # file -> [instances]
    _recorded: list = field(default_factory=list)  # (model, object id, source, file, row)
    _decided: dict = field(default_factory=dict)  # (model, source) -> (file fields, their hash)

    def __post_init__(self):
        self.content_dir = Path(self.content_dir)

    # Where things came from.

    def source(self, path, row=None):
        """The source of an object: its file under the content folder, and its row if any."""
        relative = Path(path).relative_to(self.content_dir).as_posix()
        return f"{relative}#{row}" if row else relative

    def shown(self, source):
        """A source as reports name it: content/guidance/x.md (offences row 'x')."""
        file, _, row = source.partition("#")
        shown = f"{self.content_dir.name}/{file}"
        return f"{shown} ({row})" if row else shown

    def _load(self, model):
        if model not in self._records:
            content_type = ContentType.objects.get_for_model(model)
            records = list(ImportRecord.objects.filter(content_type=content_type))
            self._records[model] = {record.object_id: record for record in records}
            self._by_source[model] = {record.source: record for record in records}
        return self._records[model]

    def imported_object_id(self, model, source):
        """The id of the object last imported from this source (it may have moved since)."""
        self._load(model)
        record = self._by_source[model].get(source)
        return record.object_id if record else None

    def is_imported(self, model, object_id):
        return object_id in self._load(model)

    # The decision.

    def decide(self, model, object_id, source, file_fields, row_fields, counts):
        """CREATE, UPDATE or LEAVE for one object (None: no row); counts what was left and why."""
        file_hash = fingerprint(file_fields)
        action = self._decide(model, object_id, source, file_hash, file_fields, row_fields, counts)
        if action != LEAVE:  # the importer saves it, then says so (`imported`)
            self._decided[model, source] = (file_fields, file_hash)
        return action

    def _decide(self, model, object_id, source, file_hash, file_fields, row_fields, counts):
        records = self._load(model)
        if object_id is None:
            return self._decide_missing(model, source, file_hash, counts)
        record = records.get(object_id)
        row_hash = fingerprint(row_fields)
        if self.adopt:
            self._record(model, object_id, source, file_hash, row_hash)
            return LEAVE
        if record is None:
            if row_hash == file_hash:
                self._record(model, object_id, source, file_hash, row_hash)
                counts["unchanged"] += 1
                return LEAVE
            if self.prefer_files:
                return UPDATE
            # Older than the records, or made in the admin: the editor's version stands.
            self._record(model, object_id, source, file_hash, "")
            counts["kept admin edits"] = counts.get("kept admin edits", 0) + 1
            return LEAVE
        if file_hash == record.file_hash and not (self.prefer_files and row_hash != file_hash):
            if row_hash == record.row_hash:
                counts["unchanged"] += 1
            else:
                counts["kept admin edits"] = counts.get("kept admin edits", 0) + 1
            return LEAVE
        if row_hash == file_hash:  # both made the same change
            self._record(model, object_id, source, file_hash, row_hash)
            counts["unchanged"] += 1
            return LEAVE
        if row_hash == record.row_hash or self.prefer_files:
            return UPDATE
        self._refuse(model, object_id, source, file_hash, file_fields, row_fields)
        counts["conflicts"] = counts.get("conflicts", 0) + 1
        return LEAVE

    def _decide_missing(self, model, source, file_hash, counts):
        record = self._by_source[model].get(source)
        if self.adopt:  # an export records what it wrote; a file it did not write stays
            path = self.content_dir / source.partition("#")[0]
            deleted = record is not None and "#" not in source
            if deleted and file_hash == record.file_hash and path.is_file():
                path.unlink()
                self.notices.append(f"{self.shown(source)}: removed (deleted in the admin)")
            return LEAVE
        if record is None or self.prefer_files:
            return CREATE
        # Imported once, deleted in the admin since: it stays deleted ("Recently deleted"
        # can bring it back) unless the file changed too, which is worth a word.
        if file_hash == record.file_hash:
            counts["kept admin deletions"] = counts.get("kept admin deletions", 0) + 1
        else:
            self.conflicts.append(
                f"{self.shown(source)}: deleted in the admin and changed in the file since the "
                "last import; kept it deleted (restore it from Recently deleted, or import "
                "with --prefer-files)"
            )
            counts["conflicts"] = counts.get("conflicts", 0) + 1
        return LEAVE

    def _refuse(self, model, object_id, source, file_hash, file_fields, row_fields):
        user, when = last_admin_change(model, object_id)
        RefusedImport.objects.get_or_create(
            content_type=ContentType.objects.get_for_model(model),
            object_id=object_id,
            file_hash=file_hash,
            defaults={
                "source": source,
                "file_fields": _json_safe(file_fields),
                "admin_fields": _json_safe(row_fields),
                "admin_changed_by": user,
                "admin_changed_at": when,
            },
        )
        on = f"on {timezone.localtime(when):%d %B %Y}" if when else "on an unknown date"
        by = f"by {user.get_username()}" if user else "by an unknown editor"
        self.conflicts.append(
            f"{self.shown(source)}: changed in the admin {on} {by} and in the file since the "
            "last import; kept the admin version"
        )

    def stale_file(self, model, source, object_id, now_at, file_fields):
        """After an export: the old file of an object that moved, if no one changed it since."""
        record = self._by_source.get(model, {}).get(source)
        path = self.content_dir / source
        if not (self.adopt and record is not None and record.object_id == object_id):
            return False
        if fingerprint(file_fields) != record.file_hash:
            self.notices.append(
                f"{self.shown(source)}: kept; the file changed since the last import, but its "
                f"page is now at {now_at}"
            )
        elif path.is_file():
            path.unlink()
            self.notices.append(f"{self.shown(source)}: removed (the item is now at {now_at})")
        return True

    def may_remove(self, model, object_id, row_fields=None):
        """--prune: only what an import made, and only if no editor changed it since.

        Without `row_fields` (a data file whose list is now empty gives no shape to compare),
        an admin revision after the last import counts as a change.
        """
        record = self._load(model).get(object_id)
        if record is None:
            return False
        if row_fields is not None:
            unchanged = bool(record.row_hash) and fingerprint(row_fields) == record.row_hash
        else:
            _, changed_at = last_admin_change(model, object_id)
            unchanged = bool(record.row_hash) and (
                changed_at is None or changed_at <= record.imported_at
            )
        if unchanged:
            return True
        self.conflicts.append(
            f"{self.shown(record.source)}: the file is gone but the admin changed the item "
            "since the last import; kept it"
        )
        return False

    # After saving.

    def imported(self, model, instance, source, file_fields):
        """The importer saved the file's version: remember it and make it a revision."""
        decided, file_hash = self._decided.pop((model, source), (None, None))
        if decided is not file_fields:  # (the same fields decided on: hashed then, once)
            file_hash = fingerprint(file_fields)
        self._record(model, instance.pk, source, file_hash, file_hash)
        self._imported[source.partition("#")[0]].append(instance)

    def _record(self, model, object_id, source, file_hash, row_hash):
        self._recorded.append((model, object_id, source, file_hash, row_hash))

    def finish(self):
        """Write the records and one revision per file the import changed."""
        now = timezone.now()
        by_model = defaultdict(dict)
        for model, object_id, source, file_hash, row_hash in self._recorded:
            by_model[model][object_id] = (source, file_hash, row_hash)
        for model, wanted in by_model.items():
            content_type = ContentType.objects.get_for_model(model)
            existing = {
                r.object_id: r
                for r in ImportRecord.objects.filter(
                    content_type=content_type, object_id__in=list(wanted)
                )
            }
            new, changed = [], []
            for object_id, (source, file_hash, row_hash) in wanted.items():
                record = existing.get(object_id)
                if record is None:
                    new.append(
                        ImportRecord(
                            content_type=content_type,
                            object_id=object_id,
                            source=source,
                            file_hash=file_hash,
                            row_hash=row_hash,
                            imported_at=now,
                        )
                    )
                elif (record.source, record.file_hash, record.row_hash) != (
                    source,
                    file_hash,
                    row_hash,
                ):
                    record.source, record.file_hash, record.row_hash = source, file_hash, row_hash
                    record.imported_at = now
                    changed.append(record)
            insert_new(new)
            ImportRecord.objects.bulk_update(
                changed, ["source", "file_hash", "row_hash", "imported_at"], batch_size=500
            )
        self._write_revisions(now)

    def _write_revisions(self, now):
        """One revision per file the import changed, written in bulk: an import of
        thousands of pages would otherwise pay a transaction and four queries a page."""
        files = list(self._imported)
        revisions = insert_new(
            Revision(date_created=now, comment=f"{IMPORT_COMMENT_PREFIX}{self.shown(f)}")
            for f in files
        )
        _prefetch_followed([i for instances in self._imported.values() for i in instances])
        in_revisions = []
        for file, revision in zip(files, revisions, strict=True):
            seen = set()
            for instance in self._imported[file]:
                # With what the model's registration follows (a question's answers).
                for item in _follow_relations_recursive(instance):
                    key = (type(item), item.pk)
                    if key not in seen:
                        seen.add(key)
                        in_revisions.append((item, revision))
        serialized = _serialized([item for item, _ in in_revisions])
        versions = (
            _version_of(item, revision, *data)
            for (item, revision), data in zip(in_revisions, serialized, strict=True)
        )
        # Written as they come, while the workers serialize the next.
        for some in batched(versions, VERSIONS_WRITTEN_AT_ONCE):
            insert_new(some)


def _prefetch_followed(instances):
    """What each registration follows (a page's translations) and the many-to-many fields
    its versions store (a news item's tags), read for all the instances of a model in one
    query each instead of one an instance."""
    by_model = defaultdict(list)
    for instance in instances:
        by_model[type(instance)].append(instance)
    for model, of_model in by_model.items():
        options = _get_options(model)
        lookups = [
            name
            for name in options.follow
            if isinstance(getattr(model, name, None), ReverseManyToOneDescriptor)
        ]
        lookups += [
            field.name
            for field in model._meta.many_to_many
            if field.name in options.fields and field.remote_field.through._meta.auto_created
        ]
        if lookups:
            prefetch_related_objects(of_model, *lookups)


def _serialized(instances):
    """(serialized data, representation) of each instance as its versions store them, in
    order, each given as soon as it is ready; on every core inside an import's worker pool
    (a page's JSON takes about a millisecond)."""
    if len(instances) < PARALLEL_FROM or not workers_open():
        yield from _serialize_chunk(instances)
        return
    chunks = [
        instances[start : start + WORKER_CHUNK] for start in range(0, len(instances), WORKER_CHUNK)
    ]
    yield from chain.from_iterable(parallel_results(_serialize_chunk, chunks, chunk_size=1))


def _serialize_chunk(instances):
    """Also in a worker process: what it reads of related rows was prefetched."""
    serialized = []
    for instance in instances:
        options = _get_options(type(instance))
        data = serializers.serialize(
            options.format,
            (instance,),
            fields=options.fields,
            use_natural_foreign_keys=options.use_natural_foreign_keys,
        )
        serialized.append((data, str(instance)))
    return serialized


def _version_of(instance, revision, serialized_data, object_repr):
    """The Version django-reversion would store for this object in this revision."""
    return Version(
        revision=revision,
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk),
        db=router.db_for_write(type(instance), instance=instance),
        format=_get_options(type(instance)).format,
        serialized_data=serialized_data,
        object_repr=object_repr,
    )
