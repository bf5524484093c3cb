"""Tags on guidance pages, read and written in bulk by the guidance content files."""

from .models import Tag

BATCH_SIZE = 1000


def page_tag_names():
    """{page id: sorted tag names} for every tagged page, in one query."""
    names = {}
    for page_id, name in Tag.pages.through.objects.values_list("guidancepage_id", "tag__name"):
        names.setdefault(page_id, []).append(name)
    return {page_id: sorted(tag_names) for page_id, tag_names in names.items()}


def set_page_tags(wanted_by_page):
    """Give each page exactly the named tags (creating tags as needed); return pages changed.

    In a few queries whatever the number of pages: an import tags thousands at once.
    """
    current = page_tag_names()
    tags = {tag.name: tag for tag in Tag.objects.all()}
    through = Tag.pages.through
    changed_pages = []
    links = []
    for page_id, names in wanted_by_page.items():
        wanted = sorted(set(names))
        if wanted == current.get(page_id, []):
            continue
        for name in wanted:
            if name not in tags:
                tags[name] = Tag.objects.create(name=name)
        changed_pages.append(page_id)
        links += [through(guidancepage_id=page_id, tag_id=tags[name].pk) for name in wanted]
    for start in range(0, len(changed_pages), BATCH_SIZE):
        batch = changed_pages[start : start + BATCH_SIZE]
        through.objects.filter(guidancepage_id__in=batch).delete()
    through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    return len(changed_pages)
