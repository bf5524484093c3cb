"""Editors' sign-in: the throttle on failed sign-ins (django-axes) and its lockout page."""
