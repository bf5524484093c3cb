"""Dependencies run one way: configuration, content apps, the guidance tree, shared services."""

import importlib.util
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.database_independent  # it reads the source files

SCRIPT = Path(settings.BASE_DIR) / "bench" / "package_graph.py"
spec = importlib.util.spec_from_file_location("package_graph", SCRIPT)
package_graph = importlib.util.module_from_spec(spec)
spec.loader.exec_module(package_graph)

CONTENT_APPS = {"publications", "offences", "mot", "statements", "portal"}
BOTTOM_LAYER = {
    "shared", "search", "pagecache", "display", "tags", "provenance", "recovery", "feedback",
}  # fmt: skip


def test_no_two_packages_depend_on_each_other():
    assert package_graph.cycles(package_graph.package_graph()) == []


def test_shared_services_import_neither_the_guidance_tree_nor_a_content_app():
    graph = package_graph.package_graph()
    for package in BOTTOM_LAYER:
        assert not set(graph[package]) & (CONTENT_APPS | {"guidance"}), package


def test_the_guidance_tree_imports_no_content_app():
    assert not set(package_graph.package_graph()["guidance"]) & CONTENT_APPS


def test_the_script_finds_a_cycle_when_there_is_one(tmp_path):
    """A function-level import counts as much as one at the top of a module."""
    sources = {"upper": "import lower", "lower": "def f():\n    from upper import x"}
    for name, source in sources.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text(source + "\n")
    assert package_graph.cycles(package_graph.package_graph(tmp_path)) == [["lower", "upper"]]
