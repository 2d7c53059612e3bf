from django.db import migrations, models
from django.utils import timezone


def plan_from_today(apps, schema_editor):
    """An exam date set before the field existed: its plan counts from the day this runs."""
    StudySettings = apps.get_model("review", "StudySettings")
    StudySettings.objects.filter(exam_date__isnull=False).update(
        exam_date_set_on=timezone.now().date()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0004_study_settings_exam_date"),
    ]

    operations = [
        migrations.AddField(
            model_name="studysettings",
            name="exam_date_set_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.RunPython(plan_from_today, migrations.RunPython.noop),
    ]
