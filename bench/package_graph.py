"""Print which of the project's top-level packages import which, and any cycles.

Every import counts, function-level ones too; tests, migrations and bench/ are left
out. A cycle (a strongly connected component of more than one package) means some
package depends on one that depends back on it:

    .venv/bin/python bench/package_graph.py
"""

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEFT_OUT = {"tests", "bench", "migrations", ".venv", "node_modules", ".tools", "var", "static"}


def project_packages(root=ROOT):
    return sorted(
        path.name
        for path in root.iterdir()
        if path.is_dir() and (path / "__init__.py").exists() and path.name not in LEFT_OUT
    )


def imported_names(tree, package_parts):
    """The absolute names of every module an `import` or `from … import` reaches."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - node.level + 1]
                yield ".".join([*base, node.module] if node.module else base)
            elif node.module:
                yield node.module


def package_graph(root=ROOT):
    """{package: {imported package: number of imports}}, between project packages only."""
    packages = set(project_packages(root))
    graph = {package: defaultdict(int) for package in packages}
    for package in packages:
        for path in (root / package).rglob("*.py"):
            relative = path.relative_to(root)
            if LEFT_OUT.intersection(relative.parts):
                continue
            # The module's package (for a package's __init__, the package itself).
            package_parts = list(relative.parent.parts)
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for name in imported_names(tree, package_parts):
                target = name.split(".")[0]
                if target in packages and target != package:
                    graph[package][target] += 1
    return graph


def cycles(graph):
    """The strongly connected components with more than one package (Tarjan's algorithm)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def main():
    graph = package_graph()
    for package in sorted(graph):
        imports = sorted(graph[package].items())
        targets = ", ".join(f"{target} ({count})" for target, count in imports)
        print(f"{package} -> {targets or '(nothing)'}")
    found = cycles(graph)
    if not found:
        print("\nNo cycles.")
        return 0
    print("\nCycles (packages that depend on each other):")
    for component in found:
        print("  " + ", ".join(component))
    return 1


if __name__ == "__main__":
    sys.exit(main())
