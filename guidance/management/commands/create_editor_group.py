from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand

GROUP_NAME = "Editors"
APPROVERS_GROUP_NAME = "Approvers"
PUBLISH_CODENAME = "publish_guidancepage"


class Command(BaseCommand):
    help = (
        "Create or update the Editors and Approvers groups. Editors: every permission on the "
        "content apps (settings.CONTENT_APP_LABELS) except publishing pages of the sections "
        "that need approval (settings.APPROVAL_SECTIONS); Approvers (legal reviewers): the "
        "same and that one. Neither gets users, groups or settings."
    )

    def handle(self, *args, **options):
        content = Permission.objects.filter(content_type__app_label__in=settings.CONTENT_APP_LABELS)
        editing = content.exclude(codename=PUBLISH_CODENAME)
        for name, permissions in ((GROUP_NAME, editing), (APPROVERS_GROUP_NAME, content)):
            group, created = Group.objects.get_or_create(name=name)
            group.permissions.set(permissions)
            verb = "Created" if created else "Updated"
            self.stdout.write(
                f"{verb} the {name} group with {permissions.count()} permissions on "
                f"{', '.join(settings.CONTENT_APP_LABELS)}."
            )
        self.stdout.write(
            "Give editors one of these groups and “Staff status” so they can reach /admin/. "
            f"Approvers approve changes to: {', '.join(settings.APPROVAL_SECTIONS) or 'nothing'}."
        )
