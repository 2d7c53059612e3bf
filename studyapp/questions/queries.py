"""
The fixed statements of practice: which packs a learner may see, which questions are in use, the
order of a practice set's questions, and the reads every question request makes. Nearly every
request asks these, and as QuerySets they cost far more to build than to answer
(bench/request_cost.py). Tables and columns are named through the models (core.sql); each rule
is written once here and checked against its ORM reading in tests/questions/test_query_rules.py.
"""

import json

from django.apps import apps

from studyapp.core import reads, sql
from studyapp.questions.models import Attempt, Bookmark, Option, Pack, Question


def _classroom_model(name):
    # The pack rule reads the classroom app's tables, which sits above this one: its models are
    # looked up by name when a statement is built, so no import runs uphill.
    return apps.get_model("classroom", name)


# "Packs this learner may see": public packs, the user's own, and those assigned to a class the
# user belongs to by the class's own instructor, who owns them (the same rule as
# classroom.models.Assignment.pack_is_available). Parameters: the user's id, twice.
VISIBLE_PACK_IDS = """
    SELECT {visible.id} FROM {visible}
    WHERE {visible.is_public} OR {visible.owner} = %s OR {visible.id} IN (
        SELECT {assignment.pack}
        FROM {assignment}
        JOIN {membership} ON {membership.classroom} = {assignment.classroom}
        JOIN {classroom} ON {classroom.id} = {assignment.classroom}
        JOIN {pack} ON {pack.id} = {assignment.pack}
        WHERE {membership.student} = %s AND {pack.owner} = {classroom.instructor}
    )
"""
PUBLIC_PACK_IDS = "SELECT {visible.id} FROM {visible} WHERE {visible.is_public}"


def pack_tables():
    """The aliases VISIBLE_PACK_IDS and PUBLIC_PACK_IDS bind."""
    return {
        "visible": Pack,
        "pack": Pack,
        "assignment": _classroom_model("Assignment"),
        "membership": _classroom_model("Membership"),
        "classroom": _classroom_model("Classroom"),
    }


def visible_pack_ids_statement(user):
    """(the SELECT of the ids of the packs `user` may see, its parameters)."""
    if user is not None and user.is_authenticated:
        return VISIBLE_PACK_IDS, [user.pk, user.pk]
    return PUBLIC_PACK_IDS, []


def visible_pack_ids(user):
    """The ids of the packs `user` (anonymous or not) may practise and review."""
    template, params = visible_pack_ids_statement(user)
    return [pack_id for (pack_id,) in sql.rows(Pack, template, params, **pack_tables())]


# "Active question": in use (not retired) and in one of the packs listed in {packs}.
ACTIVE_QUESTION = "NOT {question.is_retired} AND {question.pack} IN ({packs})"


# "Studiable question": an active question, or a generated skill in use (questions/generated.py):
# its pack is the built-in private one, which no visibility rule lists, and every learner may
# study it. Review cards and their reads use this rule.
STUDIABLE_QUESTION = (
    "NOT {question.is_retired} AND ({question.pack} IN ({packs}) OR {question.generator} <> '')"
)


def studiable_question(pack_ids, question_id):
    """The question with that id if a learner who sees `pack_ids` may review it, else None."""
    condition = sql.fill(
        "{question.id} = %s AND " + STUDIABLE_QUESTION, packs=sql.placeholders(pack_ids)
    )
    return reads.one(Question, condition, [question_id, *pack_ids])


def active_question(pack_ids, question_id):
    """The question with that id if it is in use and in one of `pack_ids`, else None."""
    condition = sql.fill(
        "{question.id} = %s AND " + ACTIVE_QUESTION, packs=sql.placeholders(pack_ids)
    )
    return reads.one(Question, condition, [question_id, *pack_ids])


def active_question_at(pack_ids, pack_slug, qid):
    """
    The question at that permalink, with its pack, if it is in use and in one of `pack_ids`;
    else None.
    """
    condition = sql.fill(
        "{question.qid} = %s AND " + ACTIVE_QUESTION + " AND {question.pack} IN"
        " (SELECT {pack.id} FROM {pack} WHERE {pack.slug} = %s)",
        packs=sql.placeholders(pack_ids),
    )
    question = reads.one(Question, condition, [qid, *pack_ids, pack_slug], pack=Pack)
    if question is not None:
        question.pack = reads.one(Pack, "{pk} = %s", [question.pack_id])
    return question


def options_of(question):
    """The question's options in the author's order."""
    return reads.many(Option, "{question} = %s", [question.pk], order_by="{position}")


# The questions of a new practice set, in order. The learner's last attempt at each question is
# joined in; the order puts the question just answered last, then never-attempted questions in
# random order, then the one attempted longest ago. {attempts} is the learner's attempts,
# {choice} the filters the learner chose.
PRACTICE_ORDER = f"""
    SELECT {{question.id}}, {{pack.slug}}, {{question.qid}}
    FROM {{question}}
    JOIN {{pack}} ON {{pack.id}} = {{question.pack}}
    LEFT JOIN (
        SELECT {{attempt.question}} AS question_id, MAX({{attempt.created_at}}) AS last_attempt
        FROM {{attempt}}
        WHERE {{attempts}}
        GROUP BY {{attempt.question}}
    ) seen ON seen.question_id = {{question.id}}
    WHERE {ACTIVE_QUESTION}{{choice}}
    ORDER BY {{question.id}} = %s, seen.last_attempt IS NOT NULL, seen.last_attempt,
        CASE WHEN seen.last_attempt IS NULL THEN RANDOM() ELSE {{question.position}} END
    LIMIT %s
"""
PRACTICE_TABLES = {
    "question": Question,
    "pack": Pack,
    "attempt": Attempt,
    "latest": Attempt,
    "bookmark": Bookmark,
}


# "Missed last time": the learner's latest attempt at the question was wrong. The learner's
# attempts are chosen in the outer query ({latest_attempts}) and in its subquery ({attempts}).
LATEST_ATTEMPT_WRONG = """{question.id} IN (
    SELECT {latest.question} FROM {latest}
    WHERE {latest_attempts} AND NOT {latest.is_correct} AND {latest.created_at} = (
        SELECT MAX({attempt.created_at}) FROM {attempt}
        WHERE {attempts} AND {attempt.question} = {latest.question}
    )
)"""


# The question's tags (a JSON list) hold the tag: jsonb containment on PostgreSQL, json_each on
# SQLite. The parameter is the tag as a JSON list on PostgreSQL, the bare tag on SQLite.
HAS_TAG = {
    "postgresql": ("{question.tags} @> %s::jsonb", lambda tag: json.dumps([tag])),
    "sqlite": (
        "EXISTS (SELECT 1 FROM json_each({question.tags}) tag WHERE tag.value = %s)",
        lambda tag: tag,
    ),
}


def _learners_attempts(learner, alias):
    """(the condition choosing the learner's rows of the Attempt table under `alias`, params)."""
    if learner.user is not None:
        return f"{{{alias}.user}} = %s", [learner.user.pk]
    if learner.session_key:
        return f"{{{alias}.user}} IS NULL AND {{{alias}.session_key}} = %s", [learner.session_key]
    return "1 = 0", []


def questions_in_practice_order(pack_ids, choice, learner, limit, after_id=None):
    """
    Up to `limit` (id, pack slug, qid) rows of the questions `choice` (a PracticeFilter's cleaned
    data) selects among `pack_ids`, in the order a practice set takes them: never attempted first
    (at random), then the one attempted longest ago. `after_id`, a question just answered, comes
    last.
    """
    attempts, attempt_params = _learners_attempts(learner, "attempt")
    conditions, choice_params = [], []
    if choice.get("source") == "bookmarks":
        conditions.append(
            "{question.id} IN (SELECT {bookmark.question} FROM {bookmark}"
            " WHERE {bookmark.user} = %s)"
        )
        choice_params.append(learner.user.pk if learner.user is not None else 0)
    if choice.get("source") == "missed":
        conditions.append(
            sql.fill(
                LATEST_ATTEMPT_WRONG,
                latest_attempts=_learners_attempts(learner, "latest")[0],
                attempts=attempts,
            )
        )
        choice_params.extend([*attempt_params, *attempt_params])
    if choice.get("pack"):
        conditions.append(
            "{question.pack} IN (SELECT {pack.id} FROM {pack} WHERE {pack.slug} = %s)"
        )
        choice_params.append(choice["pack"])
    if choice.get("topic"):
        conditions.append("{question.topic_slug} = %s")
        choice_params.append(choice["topic"])
    if choice.get("domain"):
        conditions.append("{question.domain} = %s")
        choice_params.append(choice["domain"])
    if choice.get("tag"):
        has_tag, parameter = HAS_TAG[sql.connection_for(Question).vendor]
        conditions.append(has_tag)
        choice_params.append(parameter(choice["tag"]))
    template = sql.fill(
        PRACTICE_ORDER,
        attempts=attempts,
        packs=sql.placeholders(pack_ids),
        choice="".join(f" AND {condition}" for condition in conditions),
    )
    return sql.rows(
        Question,
        template,
        [*attempt_params, *pack_ids, *choice_params, after_id or 0, limit],
        **PRACTICE_TABLES,
    )


# Publishing an import (questions/importing.py) over a stored pack: the staged questions that
# replace stored ones with the same qid. Edited questions keep their row (and with it every
# attempt and review): their options are replaced by the staged ones, their fields copied from
# the staged row, which is then dropped. Parameters by name: pack, staging, false, now.
QUESTION_FIELDS = [
    "position", "topic_slug", "topic_anchor", "domain", "tags", "difficulty", "stem",
    "explanation", "correct_count", "fingerprint", "source_line", "scenario_simulator",
    "scenario_preset", "scenario_json", "scenario_digest",
]  # fmt: skip
QUESTION = Question._meta.db_table
OPTION = Option._meta.db_table
COPIED_FIELDS = ", ".join(Question._meta.get_field(name).column for name in QUESTION_FIELDS)
COPIED_FROM_STAGING = ", ".join(
    f"staged.{Question._meta.get_field(name).column}" for name in QUESTION_FIELDS
)
STAGED_QIDS = f"SELECT qid FROM {QUESTION} WHERE pack_id = %(staging)s"
PUBLISH_CHANGED = [
    f"""DELETE FROM {OPTION} WHERE question_id IN (
        SELECT id FROM {QUESTION} WHERE pack_id = %(pack)s AND qid IN ({STAGED_QIDS}))""",
    f"""UPDATE {OPTION} SET question_id = (
        SELECT stored.id FROM {QUESTION} stored JOIN {QUESTION} staged ON staged.qid = stored.qid
        WHERE staged.id = {OPTION}.question_id AND stored.pack_id = %(pack)s)
    WHERE question_id IN (
        SELECT id FROM {QUESTION} WHERE pack_id = %(staging)s
        AND qid IN (SELECT qid FROM {QUESTION} WHERE pack_id = %(pack)s))""",
    f"""UPDATE {QUESTION} SET ({COPIED_FIELDS}) = (
        SELECT {COPIED_FROM_STAGING} FROM {QUESTION} staged
        WHERE staged.pack_id = %(staging)s AND staged.qid = {QUESTION}.qid),
        is_retired = %(false)s, updated_at = %(now)s
    WHERE pack_id = %(pack)s AND qid IN ({STAGED_QIDS})""",
    f"""DELETE FROM {QUESTION} WHERE pack_id = %(staging)s
    AND qid IN (SELECT qid FROM {QUESTION} WHERE pack_id = %(pack)s)""",
]


def publish_changed(arguments):
    connection = sql.connection_for(Question, write=True)
    with connection.cursor() as cursor:
        for statement in PUBLISH_CHANGED:
            cursor.execute(statement, arguments)
