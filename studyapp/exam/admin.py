"""Practice exam sittings: history, scored when submitted, so read-only."""

from django.contrib import admin

from studyapp.core.admin_mixins import ReadOnlyAdminMixin
from studyapp.exam.models import Sitting, SittingQuestion


class SittingQuestionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SittingQuestion
    fields = ["position", "question", "selected", "flagged", "answered_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        # Each row shows its question, whose name shows its pack: one query, not two a row.
        return super().get_queryset(request).select_related("question__pack")


@admin.register(Sitting)
class SittingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "pk",
        "user",
        "pack_slug",
        "started_at",
        "submitted_at",
        "scaled_score",
        "passed",
    ]
    list_filter = ["passed", "auto_submitted"]
    search_fields = ["user__username", "pack_slug"]
    list_select_related = ["user"]
    date_hierarchy = "started_at"
    inlines = [SittingQuestionInline]
