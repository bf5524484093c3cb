from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from mptt.signals import node_moved

from .models import GuidancePage


@receiver(node_moved, sender=GuidancePage)
def keep_paths_and_order_after_move(sender, instance, **kwargs):
    """A drag in the admin moves nodes without save(): refresh paths and sibling order."""
    with transaction.atomic():
        page = GuidancePage.objects.select_related("parent").get(pk=instance.pk)
        old_path = page.path
        page.path = page.compute_path()
        if page.path != old_path:
            GuidancePage.objects.filter(pk=page.pk).update(path=page.path)
            page.update_descendant_paths(old_path)
        renumber_siblings(page.parent_id)
        previous_parent_id = kwargs.get("previous_parent_id")
        if previous_parent_id is not None and previous_parent_id != page.parent_id:
            renumber_siblings(previous_parent_id)


def next_sibling_order(parent_id):
    """The position after the last page under a parent: new pages go to the end."""
    last = (
        GuidancePage.objects.filter(parent_id=parent_id)
        .order_by("-sibling_order")
        .values_list("sibling_order", flat=True)
        .first()
    )
    return (last or 0) + 1


def renumber_siblings(parent_id):
    siblings = GuidancePage.objects.filter(parent_id=parent_id).order_by("tree_id", "lft")
    for position, pk in enumerate(siblings.values_list("pk", flat=True), start=1):
        GuidancePage.objects.filter(pk=pk).update(sibling_order=position)


@receiver(post_save, sender=GuidancePage)
def remember_next_publication_time(sender, instance, raw=False, **kwargs):
    """A page saved with a publishing time may now be the next to go live.

    Other saves and deletions can only make the stored time too early, which merely
    expires cached pages sooner; so only these pay for the query.
    """
    from .visibility import remember_next_publication

    if (instance.publish_at is not None or instance.unpublish_at is not None) and not raw:
        remember_next_publication()
        transaction.on_commit(remember_next_publication, robust=True)
