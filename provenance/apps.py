from django.apps import AppConfig


class ProvenanceConfig(AppConfig):
    name = "provenance"
    verbose_name = "Content files"
    default_auto_field = "django.db.models.BigAutoField"
