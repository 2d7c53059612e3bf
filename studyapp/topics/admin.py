"""Topics are rendered from content/topics/*.md by `loadcontent`: read-only here."""

from django.contrib import admin

from studyapp.core.admin_mixins import ReadOnlyAdminMixin
from studyapp.topics.models import Topic


@admin.register(Topic)
class TopicAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "slug", "order", "related_sim", "updated_at"]
    search_fields = ["title", "slug", "summary"]
    fields = [
        "slug",
        "title",
        "order",
        "summary",
        "domains",
        "related_sim",
        "source_path",
        "content_hash",
        "updated_at",
    ]
    readonly_fields = fields
