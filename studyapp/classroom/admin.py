"""
Classes and assignments for a site operator. A join code is regenerated from the class page (it
must stay unique and unambiguous), and an assignment's pack and scope are read-only: its
questions were queued for every student when it was made.
"""

from django.contrib import admin

from studyapp.classroom.models import Assignment, Classroom, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["student", "joined_at"]
    readonly_fields = ["joined_at"]
    raw_id_fields = ["student"]
    extra = 0


@admin.register(Classroom)
class ClassroomAdmin(admin.ModelAdmin):
    list_display = ["name", "instructor", "join_code", "created_at"]
    search_fields = ["name", "instructor__username", "join_code"]
    list_select_related = ["instructor"]
    readonly_fields = ["join_code", "created_at"]
    raw_id_fields = ["instructor"]
    inlines = [MembershipInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "classroom", "pack", "domain", "due_at", "created_at"]
    list_filter = ["domain"]
    search_fields = ["custom_title", "classroom__name", "pack__title", "pack__slug"]
    list_select_related = ["classroom", "pack"]
    fields = ["classroom", "pack", "topic_slug", "domain", "custom_title", "due_at", "created_at"]
    readonly_fields = ["classroom", "pack", "topic_slug", "domain", "created_at"]

    def has_add_permission(self, request):
        return False  # made from the class page, which queues the questions for its students
