from django.db import migrations, models

from studyapp.exam.rules import is_right
from studyapp.questions import generated


def mark_submitted_answers(apps, schema_editor):
    """Score the answers of sittings submitted before the field existed, as finish() does."""
    SittingQuestion = apps.get_model("exam", "SittingQuestion")
    Option = apps.get_model("questions", "Option")
    items = SittingQuestion.objects.filter(sitting__submitted_at__isnull=False).select_related(
        "question"
    )
    keys = {}
    for question_id, position in Option.objects.filter(is_correct=True).values_list(
        "question_id", "position"
    ):
        keys.setdefault(question_id, []).append(position)
    batch = []
    for item in items.iterator(chunk_size=2000):
        if item.generated_seed is None:
            key = keys.get(item.question_id, [])
        else:
            drawn = generated.instance(item.question, item.generated_seed)
            key = [option.position for option in drawn.options if option.is_correct]
        item.is_correct = is_right(item.selected, key)
        batch.append(item)
        if len(batch) == 2000:
            SittingQuestion.objects.bulk_update(batch, ["is_correct"])
            batch = []
    SittingQuestion.objects.bulk_update(batch, ["is_correct"])


class Migration(migrations.Migration):
    dependencies = [
        ("exam", "0002_sitting_question_generated_seed"),
        ("questions", "0008_question_generator"),
    ]

    operations = [
        migrations.AddField(
            model_name="sittingquestion",
            name="is_correct",
            field=models.BooleanField(blank=True, null=True),
        ),
        migrations.RunPython(mark_submitted_answers, migrations.RunPython.noop),
    ]
