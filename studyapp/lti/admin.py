from django.contrib import admin

from studyapp.lti.models import GradeReport, LinkedCourse, LinkedResource


@admin.register(LinkedCourse)
class LinkedCourseAdmin(admin.ModelAdmin):
    list_display = ["context", "classroom", "roster_synced_at"]
    raw_id_fields = ["context", "classroom"]


@admin.register(LinkedResource)
class LinkedResourceAdmin(admin.ModelAdmin):
    list_display = ["resource_link", "target", "assignment"]
    raw_id_fields = ["resource_link", "assignment"]


@admin.register(GradeReport)
class GradeReportAdmin(admin.ModelAdmin):
    list_display = ["linked_resource", "student", "score_given", "status", "tries", "updated_at"]
    list_filter = ["status"]
    raw_id_fields = ["linked_resource", "student"]
