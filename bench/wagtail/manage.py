#!/usr/bin/env python
"""The Wagtail bench site's manage.py; run it with the venv bench/wagtail_bench.py makes."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
