from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    name = "recovery"
    verbose_name = "Recently deleted"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import snapshots

        snapshots.watch_recoverable_models()
