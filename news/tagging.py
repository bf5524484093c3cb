"""Tags on guidance pages, read and written by the guidance content files."""

from .models import Tag


def page_tag_names():
    """{page id: sorted tag names} for every tagged page, in one query."""
    names = {}
    for page_id, name in Tag.pages.through.objects.values_list("guidancepage_id", "tag__name"):
        names.setdefault(page_id, []).append(name)
    return {page_id: sorted(tag_names) for page_id, tag_names in names.items()}


def set_page_tags(wanted_by_page):
    """Give each page exactly the named tags (creating tags as needed); return pages changed."""
    current = page_tag_names()
    tags = {tag.name: tag for tag in Tag.objects.all()}
    changed = 0
    for page_id, names in wanted_by_page.items():
        if sorted(set(names)) == current.get(page_id, []):
            continue
        for name in names:
            if name not in tags:
                tags[name] = Tag.objects.create(name=name)
        through = Tag.pages.through
        through.objects.filter(guidancepage_id=page_id).delete()
        through.objects.bulk_create(
            [through(guidancepage_id=page_id, tag_id=tags[name].pk) for name in sorted(set(names))]
        )
        changed += 1
    return changed
