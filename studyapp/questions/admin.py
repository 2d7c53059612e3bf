"""
Packs and questions for a site operator. A question's content comes from its pack file (its
fingerprint, options and rendering follow that file), so it is read-only here except whether
it is retired; a pack's slug is its identity across re-imports, so it is read-only too.
"""

from django.contrib import admin

from studyapp.core.admin_mixins import ReadOnlyAdminMixin
from studyapp.questions.models import Attempt, Option, Pack, Question


@admin.register(Pack)
class PackAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "owner", "is_public", "version", "imported_at"]
    list_filter = ["is_public"]
    search_fields = ["title", "slug", "author", "owner__username"]
    readonly_fields = ["slug", "source_name", "imported_at"]
    raw_id_fields = ["owner"]


class OptionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Option
    fields = ["position", "text", "is_correct", "feedback"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["qid", "pack", "position", "topic_slug", "domain", "difficulty", "is_retired"]
    list_filter = ["is_retired", "domain", "difficulty", "scenario_simulator", "pack"]
    search_fields = ["qid", "stem", "topic_slug", "pack__slug"]
    list_select_related = ["pack"]
    fields = [
        "pack",
        "qid",
        "position",
        "topic_slug",
        "topic_anchor",
        "domain",
        "tags",
        "difficulty",
        "stem",
        "explanation",
        "scenario_simulator",
        "scenario_preset",
        "scenario_json",
        "correct_count",
        "fingerprint",
        "source_line",
        "is_retired",
        "created_at",
        "updated_at",
    ]
    readonly_fields = [field for field in fields if field != "is_retired"]
    inlines = [OptionInline]

    def has_add_permission(self, request):
        return False  # questions arrive by importing a pack


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["question", "user", "is_correct", "created_at"]
    list_filter = ["is_correct"]
    search_fields = ["user__username", "question__qid"]
    list_select_related = ["question__pack", "user"]
    raw_id_fields = ["question", "user"]
    date_hierarchy = "created_at"
