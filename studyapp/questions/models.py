from django.conf import settings
from django.db import models
from django.urls import reverse

from studyapp.exam_guide import DOMAINS
from studyapp.questions import scenarios
from studyapp.questions.packs.scenario import Scenario


class Pack(models.Model):
    """
    A question pack as last imported. Packs without an owner are the bundled ones; an
    instructor's upload belongs to them. The slug is the pack's stable id across re-imports.
    """

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    version = models.CharField(max_length=50, blank=True)
    description = models.TextField(blank=True)
    author = models.CharField(max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    is_public = models.BooleanField(default=True)
    source_name = models.CharField(max_length=300, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def shows_item_statistics_to(self, user):
        """
        Whether `user` may see how the pack's questions performed in classes: its author (the
        owner who uploaded it) and staff, who look after the bundled packs. Never a learner, as
        the statistics describe other people's answers.
        """
        return user.is_authenticated and (user.is_staff or self.owner_id == user.pk)


class QuestionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_retired=False)


class Question(models.Model):
    """
    One exam-style question, matched across re-imports by (pack, qid) so that attempts and
    reviews made on it survive edits. A question missing from a newer file is retired, never
    deleted: it leaves practice but keeps its history.

    Text fields hold the author's Markdown; rendering.py turns them into sanitised HTML when
    first shown and caches that by fingerprint, which keeps a 10,000-question import fast.
    """

    DIFFICULTIES = [("easy", "Easy"), ("medium", "Medium"), ("hard", "Hard")]

    pack = models.ForeignKey(Pack, on_delete=models.CASCADE, related_name="questions")
    qid = models.SlugField(max_length=100)
    position = models.PositiveIntegerField()
    topic_slug = models.SlugField(max_length=100, blank=True, db_index=True)
    topic_anchor = models.CharField(max_length=200, blank=True)
    domain = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=sorted(DOMAINS.items()), db_index=True
    )
    tags = models.JSONField(default=list)
    difficulty = models.CharField(max_length=10, choices=DIFFICULTIES, blank=True)
    stem = models.TextField()
    explanation = models.TextField(blank=True)
    correct_count = models.PositiveSmallIntegerField()
    fingerprint = models.CharField(max_length=64)
    source_line = models.PositiveIntegerField(default=0)
    # The simulator case that reproduces the question (packs/scenario.py), opened by "Try it"
    # after the reveal: a preset by name, or a document kept as the JSON text the pack gave, so
    # an export writes it back unchanged. The digest lets a simulator page find the questions
    # whose document it shows.
    scenario_simulator = models.CharField(max_length=32, blank=True, db_index=True)
    scenario_preset = models.CharField(max_length=64, blank=True)
    scenario_json = models.TextField(blank=True)
    scenario_digest = models.CharField(max_length=64, blank=True, db_index=True)
    # The name of the simulator question generator whose fresh instance stands in for this
    # question's stem and options at every showing (questions/generated.py); empty for a
    # question written by an author.
    generator = models.CharField(max_length=40, blank=True, default="")
    is_retired = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        # By the column, not the relation: ordering by "pack" would join packs to sort by title.
        ordering = ["pack_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["pack", "qid"], name="unique_question_per_pack")
        ]
        indexes = [models.Index(fields=["pack", "is_retired", "position"])]

    def __str__(self):
        return f"{self.pack.slug}/{self.qid}"

    def get_absolute_url(self):
        if self.generator:  # a generated skill has no page of its own, only its practice page
            return reverse("sims:generated_question", args=[self.generator])
        return reverse("questions:detail", args=[self.pack.slug, self.qid])

    @property
    def is_multiple_response(self):
        return self.correct_count > 1

    @property
    def scenario(self):
        """The question's packs.Scenario, or None."""
        if not self.scenario_simulator:
            return None
        return Scenario(
            self.scenario_simulator,
            preset=self.scenario_preset or None,
            document_json=self.scenario_json or None,
        )

    @property
    def try_it(self):
        """Where "Try it" goes (a scenarios.TryIt), or None; shown only after the reveal."""
        return scenarios.link(self.scenario)

    @property
    def domain_name(self):
        return DOMAINS.get(self.domain, "")


class Option(models.Model):
    """An answer option. Identified by its position, which attempts record."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    is_correct = models.BooleanField()
    feedback = models.TextField(blank=True)

    class Meta:
        # By the column, not the relation: ordering by "question" would join the questions to
        # sort by their own ordering, on every fetch of one question's options.
        ordering = ["question_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="unique_option_position")
        ]

    def __str__(self):
        return f"{self.question} option {self.position + 1}"


class Attempt(models.Model):
    """
    One answer to one question, by a signed-in user or an anonymous session. The chosen option
    positions and the verdict are stored as they were, so later edits to the question do not
    rewrite history.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )
    session_key = models.CharField(max_length=40, blank=True, db_index=True)
    selected = models.JSONField()
    is_correct = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["user", "question", "created_at"])]

    def __str__(self):
        return f"attempt on {self.question_id} ({'right' if self.is_correct else 'wrong'})"


class PendingUpload(models.Model):
    """
    A pack file an instructor uploaded and previewed but has not confirmed yet. Keeping the
    text lets the confirm step import exactly what was previewed, validated again at that time.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    file_name = models.CharField(max_length=300)
    file_format = models.CharField(max_length=10)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.file_name} uploaded by {self.owner}"


class PracticeSet(models.Model):
    """
    A practice set: the questions fixed, in order, when the learner chose them, and the first
    answer to each (later answers to the same question are practice, not score). It belongs to
    a signed-in user, or to an anonymous browser session by its key.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )
    session_key = models.CharField(max_length=40, blank=True, db_index=True)
    title = models.CharField(max_length=200)
    question_ids = models.JSONField()
    # {question id (as a JSON key, a string): whether the first answer was right}
    first_answers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"practice set {self.pk}: {self.title}"

    @property
    def size(self):
        return len(self.question_ids)

    @property
    def right_count(self):
        return sum(1 for is_right in self.first_answers.values() if is_right)


class Bookmark(models.Model):
    """A question a learner starred, to practise again as a set of their bookmarks."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    question = models.ForeignKey(Question, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="unique_bookmark")]

    def __str__(self):
        return f"{self.user} starred {self.question_id}"
