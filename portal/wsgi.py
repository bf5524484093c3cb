import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup(set_prefix=False)

from portal.handler import PortalHandler  # noqa: E402 (after the apps are ready)

application = PortalHandler()
