"""
Full-text search over topics, sections and question stems: an FTS5 table kept current by
triggers on SQLite, generated tsvector columns with GIN indexes on PostgreSQL. The statements
live in studyapp/topics/queries.py, next to the searches that read them.
"""

from django.db import migrations

from studyapp.topics import index


def create(apps, schema_editor):
    index.create(schema_editor.connection)


def drop(apps, schema_editor):
    index.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("topics", "0002_topic_intro_and_section_text"),
        ("questions", "0004_option_ordering_by_column"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
