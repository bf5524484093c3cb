from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand

GROUP_NAME = "Editors"


class Command(BaseCommand):
    help = (
        "Create or update the Editors group: every permission on the content apps "
        "(settings.CONTENT_APP_LABELS) and nothing else: no users, no groups, no settings."
    )

    def handle(self, *args, **options):
        group, created = Group.objects.get_or_create(name=GROUP_NAME)
        permissions = Permission.objects.filter(
            content_type__app_label__in=settings.CONTENT_APP_LABELS
        )
        group.permissions.set(permissions)
        verb = "Created" if created else "Updated"
        self.stdout.write(
            f"{verb} the {GROUP_NAME} group with {permissions.count()} permissions on "
            f"{', '.join(settings.CONTENT_APP_LABELS)}. Give editors this group and "
            "“Staff status” so they can reach /admin/."
        )
