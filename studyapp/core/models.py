from django.db import models


class EvidenceVersion(models.Model):
    """
    The current version of one learner's evidence (learner 0: what every learner may study),
    read by core/evidence_versions.py. A plain id, not a foreign key: an erased learner's
    version must still move on, so nothing cached under the old one is read again.
    """

    learner_id = models.PositiveBigIntegerField(primary_key=True)
    token = models.CharField(max_length=16)

    def __str__(self):
        return f"evidence version of learner {self.learner_id}"
