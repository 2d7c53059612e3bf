"""
Steps saved before they were bounded (scheduling.parse_steps) could overflow the date of every
later answer; such settings go back to the defaults, which the settings page then shows.
"""

from django.db import migrations

from studyapp.review.scheduling import parse_steps

DEFAULTS = {"learning_steps": "1m 10m", "relearning_steps": "10m"}


def _valid(text):
    try:
        return bool(parse_steps(text))
    except ValueError:
        return False


def reset_steps_out_of_bounds(apps, schema_editor):
    StudySettings = apps.get_model("review", "StudySettings")
    for settings in StudySettings.objects.only(*DEFAULTS).iterator():
        changed = [name for name in DEFAULTS if not _valid(getattr(settings, name))]
        for name in changed:
            setattr(settings, name, DEFAULTS[name])
        if changed:
            settings.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("review", "0001_initial")]

    operations = [migrations.RunPython(reset_steps_out_of_bounds, migrations.RunPython.noop)]
