from collections import Counter
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from studyapp.sims.placement.query import (
    MAX_REGEX_WORK,
    QuerySyntaxError,
    parse_query,
    parse_version,
)
from studyapp.sims.placement.scenario import MAX_INSTANCES
from studyapp.sims.validation import InvalidInput


def view(
    instance_id="i-1",
    attributes=None,
    agent_connected=True,
    agent_version=(1, 80),
    registered_at=datetime(2026, 1, 10, 8, tzinfo=UTC),
    groups=(),
):
    """An instance as the query language sees it (the protocol documented in query.py)."""
    return SimpleNamespace(
        ec2_instance_id=instance_id,
        attributes=attributes or {},
        agent_connected=agent_connected,
        agent_version=agent_version,
        registered_at=registered_at,
        running_tasks_count=len(groups),
        task_groups=Counter(groups),
    )


def typed(instance_type, zone="us-east-1a", **extra):
    return view(
        attributes={"ecs.instance-type": instance_type, "ecs.availability-zone": zone}, **extra
    )


def version(text):
    """Read as the scenario reads an instance's agentVersion."""
    return parse_version(text)


def registered(text):
    return datetime.fromisoformat(text).astimezone(UTC)


def matches(expression, instance):
    return parse_query(expression).matches(instance)


# Every example of the developer guide's cluster-query-language and task-placement-constraints
# pages, with instances chosen to fall on each side of what the guide says the expression selects.
DOCUMENTED_EXAMPLES = [
    ("attribute:ecs.instance-type == t2.small", [typed("t2.small")], [typed("t2.medium")]),
    (
        "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]",
        [typed("t2.small", "us-east-1a"), typed("t2.small", "us-east-1b")],
        [typed("t2.small", "us-east-1c")],
    ),
    (
        "attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d",
        [typed("g2.2xlarge", "us-east-1a")],
        [typed("g2.2xlarge", "us-east-1d"), typed("t2.small", "us-east-1a")],
    ),
    (
        "task:group == service:production",
        [view(groups=["service:production", "service:other"])],
        [view(groups=["service:staging"]), view()],
    ),
    (
        "not(task:group == database)",
        [view(groups=["service:web"]), view()],
        [view(groups=["database", "service:web"])],
    ),
    ("runningTasksCount == 1", [view(groups=["a"])], [view(), view(groups=["a", "b"])]),
    (
        "agentVersion < 1.14.5",
        [view(agent_version=version("1.14.4")), view(agent_version=version("1.2.0"))],
        [view(agent_version=version("1.14.5")), view(agent_version=version("1.100.0"))],
    ),
    (
        "registeredAt < 2018-02-13",
        [view(registered_at=registered("2018-02-12T23:59:59Z"))],
        [view(registered_at=registered("2018-02-13T00:00:00Z"))],
    ),
    (
        "ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']",
        [view("i-abcd1234"), view("i-wxyx7890")],
        [view("i-abcd12345")],
    ),
    ("attribute:ecs.instance-type =~ t2.*", [typed("t2.micro")], [typed("t3.micro")]),
    ("task:group == databases", [view(groups=["databases"])], [view(groups=["database"])]),
    ("attribute:stack == prod", [view(attributes={"stack": "prod"})], [view()]),
    (
        "attribute:stack != prod",
        [view(attributes={"stack": "dev"})],
        [view(attributes={"stack": "prod"}), view()],
    ),
    (
        "attribute:ecs.instance-type in [t2.small, t2.medium]",
        [typed("t2.small"), typed("t2.medium")],
        [typed("t2.large")],
    ),
    (
        "attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone == us-east-1a",
        [typed("t2.nano", "us-east-1a")],
        [typed("t2.nano", "us-east-1b"), typed("m5.large", "us-east-1a")],
    ),
]


@pytest.mark.parametrize(("expression", "selected", "left_out"), DOCUMENTED_EXAMPLES)
def test_documented_examples_select_what_the_guide_says(expression, selected, left_out):
    query = parse_query(expression)
    assert [query.matches(instance) for instance in selected] == [True] * len(selected)
    assert [query.matches(instance) for instance in left_out] == [False] * len(left_out)


WORD_FORMS = [
    ("==", "equals", "runningTasksCount {} 1"),
    ("!=", "not_equals", "runningTasksCount {} 1"),
    (">", "greater_than", "runningTasksCount {} 1"),
    (">=", "greater_than_equal", "runningTasksCount {} 1"),
    ("<", "less_than", "runningTasksCount {} 1"),
    ("<=", "less_than_equal", "runningTasksCount {} 1"),
    ("!exists", "not_exists", "attribute:stack {}"),
    ("!in", "not_in", "ec2InstanceId {} [i-0, i-1]"),
    ("=~", "matches", "ec2InstanceId {} i-[01]"),
    ("!~", "not_matches", "ec2InstanceId {} i-[01]"),
]
SAMPLE_INSTANCES = [
    view("i-0"),
    view("i-1", groups=["a"], attributes={"stack": "prod"}),
    view("i-2", groups=["a", "b"]),
]


@pytest.mark.parametrize(("symbol", "word", "template"), WORD_FORMS)
def test_word_forms_mean_the_same_as_symbols(symbol, word, template):
    with_symbol = parse_query(template.format(symbol))
    with_word = parse_query(template.format(word))
    with_upper_word = parse_query(template.format(word.upper()))
    expected = [with_symbol.matches(instance) for instance in SAMPLE_INSTANCES]
    assert [with_word.matches(instance) for instance in SAMPLE_INSTANCES] == expected
    assert [with_upper_word.matches(instance) for instance in SAMPLE_INSTANCES] == expected
    assert True in expected
    assert False in expected


@pytest.mark.parametrize(
    ("operator", "expected_for_counts_0_1_2"),
    [
        ("==", [False, True, False]),
        ("!=", [True, False, True]),
        (">", [False, False, True]),
        (">=", [False, True, True]),
        ("<", [True, False, False]),
        ("<=", [True, True, False]),
    ],
)
def test_ordering_operators_on_running_tasks_count(operator, expected_for_counts_0_1_2):
    query = parse_query(f"runningTasksCount {operator} 1")
    assert [query.matches(instance) for instance in SAMPLE_INSTANCES] == expected_for_counts_0_1_2


def test_exists_and_not_exists_on_attributes_including_valueless_ones():
    valueless = view(attributes={"ecs.awsvpc-trunk-id": None})
    assert matches("attribute:ecs.awsvpc-trunk-id exists", valueless)
    assert not matches("attribute:ecs.awsvpc-trunk-id exists", view())
    assert matches("attribute:ecs.awsvpc-trunk-id !exists", view())
    assert not matches("attribute:ecs.awsvpc-trunk-id not_exists", valueless)


def test_a_missing_value_fails_every_comparison_even_negated_ones():
    bare = view(agent_version=None, registered_at=None)
    for expression in (
        "attribute:stack == prod",
        "attribute:stack != prod",
        "attribute:stack in [prod]",
        "attribute:stack !in [prod]",
        "attribute:stack =~ .*",
        "attribute:stack !~ prod",
        "agentVersion != 1.0",
        "registeredAt != 2018-01-01",
    ):
        assert not matches(expression, bare), expression
    assert matches("not(attribute:stack == prod)", bare)
    assert not matches("attribute:ecs.awsvpc-trunk-id == x", view(attributes={"x": None}))


def test_in_and_not_in_lists():
    assert matches("attribute:ecs.instance-type in [t3.small]", typed("t3.small"))
    assert matches("attribute:ecs.instance-type !in [t3.small, t3.large]", typed("m5.large"))
    assert not matches("attribute:ecs.instance-type not_in [t3.small, m5.large]", typed("m5.large"))
    assert matches("attribute:ecs.instance-type in ['t3.small' , \"m5.large\"]", typed("m5.large"))


def test_pattern_match_is_whole_string_like_java_matches():
    assert not matches("attribute:ecs.instance-type =~ t2", typed("t2.small"))
    assert matches("attribute:ecs.instance-type =~ t2.*", typed("t2.small"))
    assert not matches("attribute:ecs.instance-type =~ small", typed("t2.small"))
    assert matches("attribute:ecs.instance-type !~ small", typed("t2.small"))
    assert matches("attribute:ecs.instance-type =~ (t2|t3)\\.small", typed("t3.small"))
    assert matches("attribute:ecs.instance-type =~ 't3\\.small'", typed("t3.small"))
    assert not matches("attribute:ecs.instance-type =~ 't3\\.small'", typed("t3xsmall"))


def test_agent_connected_compares_booleans_and_matches_their_text():
    connected, disconnected = view(agent_connected=True), view(agent_connected=False)
    assert matches("agentConnected == true", connected)
    assert matches("agentConnected == FALSE", disconnected)
    assert not matches("agentConnected != true", connected)
    assert matches("agentConnected in [false]", disconnected)
    assert matches("agentConnected !in [false]", connected)
    assert matches("agentConnected =~ tr.*", connected)
    assert matches("agentConnected !~ tr.*", disconnected)


def test_agent_version_compares_numerically_with_missing_parts_as_zero():
    assert matches("agentVersion == 1.14", view(agent_version=version("1.14.0")))
    assert matches("agentVersion >= 1.9.0", view(agent_version=version("1.10.0")))
    assert matches("agentVersion > 1.9", view(agent_version=version("1.10")))
    assert not matches("agentVersion <= 1.9.9", view(agent_version=version("1.10")))
    assert matches("agentVersion != 2", view(agent_version=version("1.99.99")))


@pytest.mark.parametrize(
    "moment",
    ["2018-06-18T22:28:28+00:00", "2018-06-18T22:28:28Z", "2018-06-18T22:28:28", "2018-06-18"],
)
def test_registered_at_accepts_the_four_documented_forms(moment):
    earlier = view(registered_at=registered("2018-06-17T00:00:00Z"))
    later = view(registered_at=registered("2018-06-19T00:00:00Z"))
    assert matches(f"registeredAt < {moment}", earlier)
    assert matches(f"registeredAt > {moment}", later)
    assert not matches(f"registeredAt == {moment}", earlier)


def test_registered_at_date_alone_means_the_whole_utc_day():
    that_evening = view(registered_at=registered("2018-06-18T23:00:00Z"))
    assert matches("registeredAt == 2018-06-18", that_evening)
    assert matches("registeredAt <= 2018-06-18", that_evening)
    assert not matches("registeredAt > 2018-06-18", that_evening)
    assert not matches("registeredAt < 2018-06-18", that_evening)
    assert matches("registeredAt > 2018-06-18T22:00:00", that_evening)
    assert matches("registeredAt == 2018-06-19T01:00:00+02:00", that_evening)


def test_task_group_is_a_set_of_groups_on_the_instance():
    hosting = view(groups=["service:web", "service:db", "service:db"])
    empty = view()
    assert matches("task:group == service:db", hosting)
    assert not matches("task:group != service:db", hosting)
    assert matches("task:group != service:db", empty)
    assert matches("task:group in [service:api, service:web]", hosting)
    assert matches("task:group !in [service:api]", hosting)
    assert matches("task:group =~ service:d.*", hosting)
    assert matches("task:group !~ service:d.*", empty)
    assert matches("task:group exists", hosting)
    assert matches("task:group !exists", empty)


def test_ec2_instance_id_operators():
    assert matches("ec2InstanceId == i-1", view("i-1"))
    assert matches("ec2InstanceId != i-1", view("i-2"))
    assert matches("ec2InstanceId =~ i-[0-9]+", view("i-12"))


def test_and_binds_tighter_than_or_and_not_tighter_than_and():
    zero, one, two = SAMPLE_INSTANCES
    both_forms = [
        "runningTasksCount == 0 or runningTasksCount == 2 and ec2InstanceId == i-9",
        "runningTasksCount == 0 || runningTasksCount == 2 && ec2InstanceId == i-9",
        "runningTasksCount == 0 OR runningTasksCount == 2 AND ec2InstanceId == i-9",
    ]
    for expression in both_forms:
        assert [matches(expression, instance) for instance in (zero, one, two)] == [
            True,
            False,
            False,
        ]
    grouped = "(runningTasksCount == 0 or runningTasksCount == 2) and ec2InstanceId == i-2"
    assert [matches(grouped, instance) for instance in (zero, one, two)] == [False, False, True]
    negated = "not runningTasksCount == 0 and ec2InstanceId != i-2"
    assert [matches(negated, instance) for instance in (zero, one, two)] == [False, True, False]
    assert [matches("!(runningTasksCount > 0)", instance) for instance in (zero, one)] == [
        True,
        False,
    ]
    assert matches("not not ec2InstanceId == i-0", zero)
    assert matches("!!ec2InstanceId == i-0", zero)


def test_quoted_values_may_hold_spaces_and_escaped_quotes():
    spaced = view(attributes={"team": "data platform", "owner": "o'brien"})
    assert matches("attribute:team == 'data platform'", spaced)
    assert matches('attribute:team == "data platform"', spaced)
    assert matches("attribute:owner == 'o\\'brien'", spaced)
    assert matches('attribute:owner == "o\'brien"', spaced)


def test_only_queries_on_changing_subjects_are_dynamic():
    assert not parse_query("attribute:a == b and ec2InstanceId != c").dynamic
    assert parse_query("attribute:a == b or runningTasksCount < 3").dynamic
    assert parse_query("not(task:group == db)").dynamic


def syntax_error(expression):
    with pytest.raises(QuerySyntaxError) as raised:
        parse_query(expression)
    return raised.value


@pytest.mark.parametrize(
    ("expression", "points_at", "mentions"),
    [
        ("foo == bar", "foo", "unknown subject"),
        ("ec2instanceid == i-1", "ec2instanceid", "case-sensitive"),
        ("attribute:stack = prod", "= prod", "use =="),
        ("attribute:stack lik prod", "lik", "expected an operator"),
        ("agentVersion =~ 1.*", "=~", "does not support"),
        ("agentVersion > one", "one", "version"),
        ("registeredAt < 2018-13-01", "2018-13-01", "documented form"),
        ("registeredAt > 0001-01-01T00:00:00+01:00", "0001", "valid date"),
        ("runningTasksCount > -1", "-1", "whole number"),
        ("agentConnected == yes", "yes", "true or false"),
        ("attribute:a in x", "x", "list"),
        ("attribute:a == b)", ")", "unexpected"),
        ("attribute:a == 'open", "'open", "never closed"),
        ("attribute:a =~ (a)\\1", "(a)", "backreferences"),
        ("attribute:a =~ (?=a)a", "(?=", "lookahead"),
        ("attribute:a =~ a*+", "a*+", "possessive"),
        ("attribute:a =~ [a-z&&[b]]", "[a-z", "intersections"),
        ("attribute: == b", "attribute:", "needs a name"),
        ("== b", "==", "expected a subject"),
        ("attribute:a == b and and attribute:c exists", "and attribute:c", "unknown subject"),
    ],
)
def test_syntax_errors_point_at_the_offending_column(expression, points_at, mentions):
    error = syntax_error(expression)
    assert error.column == expression.index(points_at) + 1
    assert mentions in error.message
    assert str(error).startswith(f"column {error.column}: ")


@pytest.mark.parametrize(
    "expression",
    ["attribute:a ==", "attribute:a == b and", "(attribute:a == b", "attribute:a in [x"],
)
def test_syntax_errors_at_the_end_point_just_past_it(expression):
    assert syntax_error(expression).column == len(expression) + 1


def test_an_unclosed_parenthesis_names_where_it_opened():
    error = syntax_error("x or (attribute:a == b")
    assert "unknown subject" in error.message
    error = syntax_error("ec2InstanceId == a or (attribute:a == b")
    assert "column 23" in error.message


def test_empty_and_too_deep_expressions_are_errors():
    assert syntax_error("   ").column == 4
    assert "empty" in syntax_error("").message
    deep = "(" * 60 + "ec2InstanceId == a" + ")" * 60
    assert "nest" in syntax_error(deep).message
    assert parse_query("(" * 50 + "ec2InstanceId == a" + ")" * 50).matches(view("a"))


def test_a_long_chain_of_negations_and_conjunctions_does_not_recurse_deeply():
    negations = "!" * 1_000 + "ec2InstanceId == a"
    assert parse_query(negations).matches(view("a"))
    chain = " and ".join(["ec2InstanceId == a"] * 150)
    assert parse_query(chain).matches(view("a"))


def test_the_patterns_of_one_query_share_a_program_budget():
    one = "attribute:a =~ \\pL{8}"
    assert parse_query(one).matches(view("a", attributes={"a": "abcdefgh"}))
    error = syntax_error(f"{one} or {one} or {one}")
    assert "too large together" in error.message
    assert error.column == len(f"{one} or {one} or ") + len("attribute:a =~ ") + 1


def test_regex_matching_stops_at_the_query_work_budget():
    query = parse_query("ec2InstanceId =~ [ab]*a[ab]{16}")
    pattern_size = 22  # RE2 instructions of that pattern
    per_id = (128 + 1) * pattern_size
    ids = [format(number, "0128b").replace("0", "a").replace("1", "b") for number in range(2_000)]
    evaluated = []

    def evaluate_all():
        for instance_id in ids:
            query.matches(view(instance_id))
            evaluated.append(instance_id)

    with pytest.raises(InvalidInput) as stopped:
        evaluate_all()
    assert len(evaluated) == MAX_REGEX_WORK // per_id
    [problem] = stopped.value.problems
    assert problem.path == ""
    assert f"more than {MAX_REGEX_WORK:,} units of matching work" in problem.message
    assert "'ec2InstanceId =~ [ab]*a[ab]{16}'" in problem.message


def test_values_seen_before_cost_no_regex_work():
    query = parse_query("ec2InstanceId =~ [ab]*a[ab]{16}")
    instance = view("ab" * 64)
    # Charged every time, 1,000 matches of 128 bytes would be past the budget.
    assert MAX_REGEX_WORK < 1_000 * 129 * 22
    assert not any(query.matches(instance) for _ in range(1_000))


def test_the_regex_budget_covers_every_instance_id_at_the_instance_limit():
    query = parse_query("ec2InstanceId =~ i-0.*")
    ids = [f"i-0{number:016x}" for number in range(MAX_INSTANCES)]
    assert all(len(instance_id) == 19 for instance_id in ids)
    assert all(query.matches(view(instance_id)) for instance_id in ids)
