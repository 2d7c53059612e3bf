from django.db import models
from django.urls import reverse

from studyapp.exam_guide import DOMAINS
from studyapp.markup import SanitisedHtml


class Topic(models.Model):
    """
    A topic page as last loaded from content/topics/. The rendered HTML is stored with the hash
    of the file it came from, so a page is rendered once per version of its file, never per request.
    """

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    order = models.IntegerField(db_index=True)
    summary = models.TextField()
    # The page's text before its first section heading, as plain text, for search.
    intro = models.TextField(blank=True, default="")
    domains = models.JSONField(default=list)
    related_sim = models.CharField(max_length=20, blank=True)
    source_path = models.CharField(max_length=500)
    content_hash = models.CharField(max_length=64)
    html = models.TextField()
    toc = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("topics:detail", args=[self.slug])

    @property
    def page_html(self):
        """
        The stored page, as the renderer made it: `html` is written only by topics.loading,
        from render_markdown's SanitisedHtml, and a database hands text back unmarked.
        """
        return SanitisedHtml(self.html)

    @property
    def domain_names(self):
        return [(number, DOMAINS[number]) for number in self.domains]


class TopicHeading(models.Model):
    """
    A section heading of a topic with the plain text of its section (up to the next heading),
    kept as rows so search can find words in a section and point into the page.
    """

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="headings")
    position = models.PositiveIntegerField()
    level = models.PositiveSmallIntegerField()
    anchor = models.CharField(max_length=200)
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["topic__order", "position"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "position"], name="unique_heading_position")
        ]

    def __str__(self):
        return f"{self.topic.slug}#{self.anchor}"
