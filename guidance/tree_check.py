"""Checks that the stored tree (mptt numbers, levels, parents and paths) is consistent."""

from collections import defaultdict

from .models import GuidancePage


def tree_problems():
    """Every inconsistency found, as sentences; an empty list means the tree is sound."""
    pages = list(
        GuidancePage.objects.order_by("tree_id", "lft").values(
            "pk", "parent_id", "slug", "path", "tree_id", "lft", "rght", "level"
        )
    )
    by_pk = {page["pk"]: page for page in pages}
    problems = []
    trees = defaultdict(list)
    for page in pages:
        trees[page["tree_id"]].append(page)
    for tree_id, members in trees.items():
        roots = [p for p in members if p["parent_id"] is None]
        if len(roots) != 1:
            problems.append(f"tree {tree_id} has {len(roots)} roots")
            continue
        numbers = sorted(n for p in members for n in (p["lft"], p["rght"]))
        if numbers != list(range(1, 2 * len(members) + 1)):
            problems.append(f"tree {tree_id}: lft/rght numbers have gaps or overlaps")
    for page in pages:
        label = f"page {page['pk']} ({page['path']})"
        if page["lft"] >= page["rght"]:
            problems.append(f"{label}: lft {page['lft']} is not below rght {page['rght']}")
        parent = by_pk.get(page["parent_id"])
        if page["parent_id"] is None:
            expected_path, expected_level = page["slug"], 0
        elif parent is None:
            problems.append(f"{label}: its parent {page['parent_id']} does not exist")
            continue
        else:
            expected_path = f"{parent['path']}/{page['slug']}"
            expected_level = parent["level"] + 1
            if parent["tree_id"] != page["tree_id"] or not (
                parent["lft"] < page["lft"] and page["rght"] < parent["rght"]
            ):
                problems.append(f"{label}: not nested inside its parent")
        if page["level"] != expected_level:
            problems.append(f"{label}: level {page['level']}, expected {expected_level}")
        if page["path"] != expected_path:
            problems.append(f"{label}: path should be {expected_path}")
    return problems


def rebuild_tree():
    """Recompute mptt numbers from the parent links, then every stored path."""
    GuidancePage.objects.rebuild()
    for root in GuidancePage.objects.filter(parent__isnull=True):
        if root.path != root.slug:
            GuidancePage.objects.filter(pk=root.pk).update(path=root.slug)
            root.path = root.slug
        root.update_descendant_paths(record_redirects=False)
