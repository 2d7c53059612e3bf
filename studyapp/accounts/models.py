from django.db import models


class FailedLogin(models.Model):
    """
    One failed sign-in. Kept in the database rather than a per-process cache so the limit holds
    across every app server and worker.
    """

    username = models.CharField(max_length=150)
    ip_address = models.GenericIPAddressField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["username", "ip_address", "at"]),
            models.Index(fields=["ip_address", "at"]),
        ]

    def __str__(self):
        return f"{self.username} from {self.ip_address} at {self.at:%Y-%m-%d %H:%M}"
