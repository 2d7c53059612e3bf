import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from studyapp.exam_guide import DOMAINS
from studyapp.questions.models import Pack, Question

# No 0/O, 1/I/L: a code read aloud or copied from a projector is typed right the first time.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


def new_join_code():
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def assignable_packs(instructor):
    """
    The packs an instructor may assign: their own and public ones. A private pack the instructor
    can see only as a member of someone else's class is not theirs to share.
    """
    return Pack.objects.filter(Q(owner=instructor) | Q(is_public=True))


class Classroom(models.Model):
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="classrooms_taught"
    )
    join_code = models.CharField(max_length=JOIN_CODE_LENGTH, unique=True, default=new_join_code)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["classroom", "student"], name="one_membership")
        ]

    def __str__(self):
        return f"{self.student} in {self.classroom}"


class Assignment(models.Model):
    """A pack, or the part of it on one topic or exam domain, set for a class."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="assignments")
    pack = models.ForeignKey(Pack, on_delete=models.CASCADE, related_name="assignments")
    # The instructor's own name for it ("Week 3 homework"); without one it is named by its scope.
    custom_title = models.CharField("title", max_length=200, blank=True)
    topic_slug = models.SlugField(max_length=100, blank=True)
    domain = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=sorted(DOMAINS.items())
    )
    due_at = models.DateTimeField(null=True, blank=True)
    # Whether the class may download the pack for Anki. Off unless the instructor says so: a
    # deck holds every answer, and class scores count first attempts.
    offers_anki = models.BooleanField("offer the pack as an Anki download", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "created_at"]

    def __str__(self):
        return f"{self.title} for {self.classroom}"

    @property
    def title(self):
        return self.custom_title or self.scope

    @property
    def scope(self):
        """What the assignment covers: its pack, and the topic or domain it is narrowed to."""
        parts = [self.pack.title]
        if self.topic_slug:
            parts.append(f"topic {self.topic_slug}")
        if self.domain:
            parts.append(f"domain {self.domain}")
        return " · ".join(parts)

    @property
    def pack_is_available(self):
        """
        Whether the pack may still be studied through this assignment: the same rule as
        assignable_packs, applied now, so a pack made private by an owner who does not teach the
        class (or assigned before the rule) stops being shared. questions/queries.py states it in
        SQL (VISIBLE_PACK_IDS); tests/questions/test_query_rules.py checks the two agree.
        """
        return self.pack.is_public or self.pack.owner_id == self.classroom.instructor_id

    def questions(self):
        questions = Question.objects.active().filter(pack=self.pack)
        if self.topic_slug:
            questions = questions.filter(topic_slug=self.topic_slug)
        if self.domain:
            questions = questions.filter(domain=self.domain)
        return questions
