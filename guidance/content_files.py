"""Markdown files with YAML front matter: reading them with exact error locations, writing
them back canonically so that import followed by export reproduces every file byte for byte."""

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

# When a content source (a module named in an AppConfig's `content_files`) is imported,
# its module's IMPORT_STAGE: data the pages are rendered with comes before them, content
# that names pages after them (the default). Within a stage, in INSTALLED_APPS order.
BEFORE_PAGES, PAGES, AFTER_PAGES = range(3)

FRONT_MATTER_FENCE = "---"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ContentError(Exception):
    """A problem in one content file, reported as path:line: message."""

    def __init__(self, path, message, line=None):
        self.path = Path(path)
        self.line = line
        self.message = message
        location = f"{self.path}:{line}" if line else f"{self.path}"
        super().__init__(f"{location}: {message}")

    def __reduce__(self):
        # Raised in a worker process (guidance.page_files reads files there), it is pickled
        # back to the import: rebuilt from what it was given, not from its formatted text.
        return (type(self), (self.path, self.message, self.line))


# libyaml's loader when PyYAML was built with it: the same safe subset, ten times faster,
# which counts when an import reads thousands of files. Bad YAML is read again by the
# Python loader, whose messages name the line where the problem is.
FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text):
    try:
        return yaml.load(text, Loader=FAST_SAFE_LOADER)  # noqa: S506 (a safe loader)
    except yaml.YAMLError:
        return yaml.load(text, Loader=yaml.SafeLoader)


@dataclass(frozen=True)
class Located:
    """A value read from a YAML data file, with the node it came from: the one way the
    data files (offences, glossary, digital MOT) name the line of a problem."""

    value: object
    node: yaml.Node

    @property
    def line(self):
        return self.node.start_mark.line + 1

    def key_line(self, key):
        """The line of one of a mapping's keys (the mapping's own line if it has none)."""
        if isinstance(self.node, yaml.MappingNode):
            for key_node, _ in self.node.value:
                if key_node.value == key:
                    return key_node.start_mark.line + 1
        return self.line

    def get(self, key):
        """The value of a mapping's key, located; None when the key is absent."""
        if not isinstance(self.value, dict) or key not in self.value:
            return None
        node = next(value for key_node, value in self.node.value if key_node.value == key)
        return Located(self.value[key], node)

    def items(self):
        """The entries of a list, each located."""
        return [Located(item, node) for item, node in zip(self.value, self.node.value, strict=True)]


def read_yaml_file(path, loader=yaml.SafeLoader):
    """A YAML data file's contents, located (None for an empty file).

    Parsed once: the nodes keep the lines, the values are built from them. A file that is
    not UTF-8 or not YAML is a ContentError naming the line where reading stopped.
    """
    path = Path(path)
    refuse_links(path.parent, path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ContentError(path, "the file is not valid UTF-8 text") from error
    reader = loader(text)
    try:
        root = reader.get_single_node()
        value = reader.construct_document(root) if root is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or error
        raise ContentError(path, f"not valid YAML: {problem}", mark and mark.line + 1) from None
    finally:
        reader.dispose()
    return None if root is None else Located(value, root)


@dataclass
class Document:
    path: Path
    meta: dict
    body: str


def read_document(path, allowed_keys, required_keys=("title",)):
    """Parse a content file; raise ContentError naming the file and line on any problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ContentError(path, "the file is not valid UTF-8 text") from error
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r") != FRONT_MATTER_FENCE:
        raise ContentError(path, "the file must start with front matter ('---' on line 1)", 1)
    try:
        closing = next(i for i in range(1, len(lines)) if lines[i].rstrip("\r") == "---")
    except StopIteration:
        raise ContentError(path, "the front matter is never closed with '---'", 1) from None
    try:
        meta = load_yaml("\n".join(lines[1:closing])) or {}
    except ValueError as error:  # YAML reads 2024-02-30 as a date and cannot build it
        raise ContentError(path, f"bad front matter: {error}", 1) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or "it is not valid YAML"
        raise ContentError(path, f"bad front matter: {problem}", line) from None
    if not isinstance(meta, dict):
        raise ContentError(path, "the front matter must be a set of 'key: value' lines", 2)
    for key in meta:
        if key not in allowed_keys:
            allowed = ", ".join(allowed_keys)
            raise ContentError(
                path, f"unknown key '{key}' (allowed: {allowed})", _key_line(lines, key)
            )
    for key in required_keys:
        value = meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ContentError(path, f"'{key}' is missing or empty", 2)
    body = "\n".join(lines[closing + 1 :]).rstrip()
    return Document(path=path, meta=meta, body=body)


def read_date(document, key, required=False):
    """A front matter date written like 2017-09-29 (YAML reads it as a date)."""
    value = document.meta.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise ContentError(
            document.path, f"'{key}' must be a date like 2017-09-29", meta_line(document, key)
        )
    return value


def refuse_links(content_dir, path, real_folders=None):
    """A content file or folder must be a real one inside the content folder.

    A symbolic link (or a path resolving outside) could make an import read, or an export
    write, files anywhere on the server. `real_folders`, a set kept by a caller that checks
    many paths under one content folder, remembers the folders found real and inside it:
    a path in one of them is then checked with one look at the path itself, where walking
    up to the content folder and resolving cost a tenth of reading a thousand pages.
    """
    root = Path(content_dir)
    path = Path(path)
    if real_folders is not None and path.parent in real_folders:
        if path.is_symlink():
            raise ContentError(path, f"{path} is a symbolic link; only real files are read")
        return
    current = path
    while True:
        if current.is_symlink():
            raise ContentError(path, f"{current} is a symbolic link; only real files are read")
        if current == root or current.parent == current:
            break
        current = current.parent
    if not path.resolve().is_relative_to(root.resolve()):
        raise ContentError(path, "the path leads outside the content folder")
    if real_folders is not None and ".." not in path.parts and path.is_relative_to(root):
        # No link from the content folder down to it, and no "..": its folders are real
        # and inside, and so is a path in one of them that is not a link itself.
        real_folders.update(path.parents[: len(path.relative_to(root).parts)])


def refuse_links_under(folder):
    """Every symbolic link under a folder (an export's target) is refused, by name."""
    for path in sorted(Path(folder).rglob("*")):
        refuse_links(folder, path)


def _key_line(lines, key):
    for number, line in enumerate(lines[1:], start=2):
        if line.startswith(f"{key}:"):
            return number
    return 2


def meta_line(document, key):
    """The line of a front matter key, for error messages about its value."""
    return _key_line(document.path.read_text(encoding="utf-8").split("\n"), key)


def format_document(meta_items, body):
    """The canonical text of a content file: keys in the given order, None values left out."""
    front = "".join(
        yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=10_000)
        for key, value in meta_items
        if value is not None and value != []
    )
    body = body.rstrip()
    return f"{FRONT_MATTER_FENCE}\n{front}{FRONT_MATTER_FENCE}\n" + (f"{body}\n" if body else "")


def write_document(path, meta_items, body):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(format_document(meta_items, body), encoding="utf-8", newline="\n")


def content_sources():
    """Every app's content source modules, in the order an import must read them."""
    from importlib import import_module

    from shared.declarations import declared

    modules = [import_module(name) for name in declared("content_files")]
    return sorted(modules, key=lambda module: getattr(module, "IMPORT_STAGE", AFTER_PAGES))
