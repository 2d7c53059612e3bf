"""
Learners' review cards and logs. The scheduling state is FSRS's (and each change bumps the
card's version), so a card is read-only apart from suspending it; logs are history.
"""

from django.contrib import admin

from studyapp.core.admin_mixins import ReadOnlyAdminMixin
from studyapp.review.models import Card, ReviewLog


@admin.register(Card)
class CardAdmin(admin.ModelAdmin):
    list_display = [
        "question",
        "user",
        "state",
        "due",
        "reps",
        "lapses",
        "is_leech",
        "is_suspended",
    ]
    list_filter = ["state", "is_leech", "is_suspended"]
    search_fields = ["user__username", "question__qid", "question__pack__slug"]
    list_select_related = ["question__pack", "user"]
    fields = [
        "user",
        "question",
        "state",
        "step",
        "stability",
        "difficulty",
        "due",
        "last_review",
        "reps",
        "lapses",
        "is_leech",
        "is_suspended",
        "version",
        "created_at",
    ]
    readonly_fields = [field for field in fields if field != "is_suspended"]

    def has_add_permission(self, request):
        return False


@admin.register(ReviewLog)
class ReviewLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["card", "user", "rating", "previous_state", "reviewed_at", "duration_ms"]
    list_filter = ["rating", "previous_state"]
    search_fields = ["user__username", "card__question__qid"]
    list_select_related = ["card__question__pack", "user"]
    date_hierarchy = "reviewed_at"
