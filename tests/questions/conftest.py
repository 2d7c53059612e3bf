import textwrap

import pytest

from studyapp.topics.models import Topic, TopicHeading

PACK = """\
---
pack: demo
title: Demo pack
version: "1"
---

## execution-role
topic: iam-roles#task-execution-role
domain: 2
difficulty: easy

Which role does the ECS agent use to pull a private ECR image?

- [x] The task execution role
  > It pulls images, sends logs and fetches secrets at startup.
- [ ] The task role
  > That one is for the application's own calls.

### Explanation

Two roles, two principals.

## pick-two
topic: services
domain: 3

Which two keep a service's tasks healthy?

- [x] Load balancer health checks
  > They decide routing.
- [x] Container health checks
  > They mark containers UNHEALTHY.
- [ ] Tags
  > Tags are metadata.
"""


COVERAGE_TOPIC = """\
---
title: "Fargate"
slug: fargate
order: 1
summary: "Serverless tasks."
domains: [1]
---

## Fargate Spot

Spare capacity at a discount.

## Exam tips

- Spot can be interrupted.
"""

COVERAGE_PACK = """\
---
pack: demo
title: Demo
---

## spot-discount
topic: fargate#fargate-spot
domain: 4

How much can Fargate Spot save?

- [x] Up to 70 %
- [ ] Nothing

## spot-typo
topic: fargate#fargate-spto
domain: 4

Which warning does Fargate Spot give?

- [x] Two minutes
- [ ] None
"""


def write_content(root, pack_text):
    """A content folder of one topic page and one pack, as contentreport reads it."""
    (root / "topics").mkdir()
    (root / "packs").mkdir()
    (root / "topics" / "fargate.md").write_text(textwrap.dedent(COVERAGE_TOPIC))
    (root / "packs" / "demo.md").write_text(textwrap.dedent(pack_text))


def write_pack(folder, name, text):
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def topics(db):
    iam = Topic.objects.create(
        slug="iam-roles", title="IAM roles", order=1, summary="s", domains=[2],
        source_path="x", content_hash="x", html="", toc=[],
    )  # fmt: skip
    TopicHeading.objects.create(
        topic=iam, position=0, level=2, anchor="task-execution-role", title="Task execution role"
    )
    Topic.objects.create(
        slug="services", title="Services", order=2, summary="s", domains=[3],
        source_path="y", content_hash="y", html="", toc=[],
    )  # fmt: skip


@pytest.fixture
def pack_file(tmp_path, topics):
    return write_pack(tmp_path, "demo.md", PACK)
