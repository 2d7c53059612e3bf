"""
ECS task placement on EC2 container instances, simulated: plain Python, no Django.

One entry point, `simulate(document) -> dict`. It raises studyapp.sims.validation.InvalidInput
(every problem, each with the JSON path of the offending value) on a malformed scenario, and
otherwise returns plain JSON-serialisable data. The management command, the HTTP API and the
web page all show this result as it is, so its shape is a contract: add keys, never rename or
remove them.

The scenario document (see scenario.py for every field and rule):

    {"containerInstances": [{"ec2InstanceId": "i-0a1", "agentConnected": true,
                             "agentVersion": "1.80.0", "registeredAt": "2026-01-10T08:00:00Z",
                             "attributes": [{"name": "ecs.availability-zone",
                                             "value": "us-east-1a"}],
                             "registeredResources": [{"name": "CPU", "integerValue": 2048},
                                                     {"name": "MEMORY", "integerValue": 7680}],
                             "maxEni": 3,
                             "runningTasks": [{"group": "service:web", "cpu": 256,
                                               "memory": 512, "hostPorts": [80]}]}],
     "taskDefinition": {"family": "web", "networkMode": "bridge", "cpu": "256", "memory": "512",
                        "containerDefinitions": [...], "placementConstraints": [...]},
     "count": 6, "group": "service:web", "seed": 7, "stopCount": 0,
     "placementStrategy": [{"type": "spread", "field": "attribute:ecs.availability-zone"}],
     "placementConstraints": [{"type": "memberOf",
                               "expression": "attribute:ecs.instance-type =~ t3.*"}]}

Limits: 5,000 instances, 2,500 tasks to place (half ECS's own 5,000 per service, to answer in
time), 2,500 to stop and 5,000 running tasks in all; ECS's own 5 strategies, 10 constraints (task
definition's plus request's) and 2,000-character expressions. Within them, a run may cost at
most 3,000,000 candidate evaluations (engine.MAX_WORK: instances examined, summed over every
task placed or stopped; evaluating a memberOf expression on one instance counts one per 8
characters of it); a document past that is InvalidInput with an empty path, so the HTTP API
answers 400 naming the limit. Spread over attributes first, then binpack or spread(instanceId),
costs a few evaluations per task at any cluster size (see engine.py); a spread over an attribute
after binpack, or random after binpack or spread(instanceId), examines the candidates left.
`count` defaults to 1, `group` to `family:<family>`, `seed` to 0, `stopCount` to 0.
Without strategies, a `service:` group does what the service scheduler does by default: it
spreads over attribute:ecs.availability-zone and then over instanceId (the zone, then the
instance, running the fewest of the service's tasks; remaining ties go to the instance listed
first), and scale-in stops in the zone, then on the instance, running the most (the newest task
there). Any other group places at random (RunTask's default). `summary.strategies` lists the
strategies applied, defaulted or not.

The result:

    {"placements": [{"task": 1, "containerInstance": "i-0a1", "availabilityZone": "us-east-1a"}],
     "failures": [{"task": 7, "reason": "RESOURCE:MEMORY", "detail": "No container instance ...",
                   "serviceEvent": "service web was unable to place a task because ..."}],
     "stopped": [{"stop": 1, "containerInstance": "i-0a1", "availabilityZone": "us-east-1a",
                  "task": 3, "runningTask": null, "steps": [...]}],
     "instances": [{"containerInstance": "i-0a1", "availabilityZone": "us-east-1a",
                    "instanceType": "t3.large", "agentConnected": true,
                    "registered": {"cpu": 2048, "memory": 7680, "eni": 3},
                    "remaining": {"cpu": 1536, "memory": 6656, "eni": 2},
                    "hostPortsInUse": ["80/tcp"],
                    "tasks": {"before": 1, "placed": 1, "stopped": 0, "now": 2},
                    "groups": {"service:web": 2}}],
     "availabilityZones": [{"availabilityZone": "us-east-1a", "instances": 1, "tasksBefore": 1,
                            "placed": 1, "stopped": 0, "groupTasks": 2, "tasks": 2}],
     "tasks": [{"task": 1, "containerInstance": "i-0a1", "reason": null, "steps": [
                 {"step": "resources", "candidates": 3, "instances": ["i-0a1", ...],
                  "explanation": "3 of 4 instances have the agent connected and room for ..."},
                 {"step": "constraints", ...},
                 {"step": "strategy", "strategy": {"type": "spread", "field": "..."}, ...},
                 {"step": "pick", "candidates": 1, "instances": ["i-0a1"], "explanation": "..."}]}],
     "summary": {"group": "service:web", "count": 6, "placed": 5, "failed": 1, "stopCount": 0,
                 "stopped": 0, "seed": 7,
                 "requirements": {"networkMode": "bridge", "cpu": 256, "memory": 512,
                                  "hostPorts": [], "eni": false},
                 "strategies": [...], "strategiesDefaulted": false,
                 "constraints": [{"type": "memberOf", "source": "request", "expression": "..."}]}}

- Tasks are numbered from 1 in placement order; `placements` and `failures` hold them in that
  order and `tasks` holds every one of them, placed or not.
- A failure's `reason` is ECS's own string: RESOURCE:CPU, RESOURCE:MEMORY, RESOURCE:PORTS,
  RESOURCE:ENI, AGENT, "MemberOf placement constraint unsatisfied." or
  "DistinctInstance placement constraint unsatisfied."; which one when several apply is ruled in
  engine.py (the closest-matching instance's first unmet check). `serviceEvent` is the service
  event ECS would write for a `service:` group, word for word (null for other groups).
- A step's `candidates` counts what is left after it (instances; tasks when stopping);
  `instances` lists their ids in containerInstances order when there are at most 25, else is
  null. A failed task's steps end where no candidate was left.
- `stopped` lists the stops in order; `task` is the number of a task placed in this run and
  `runningTask` the index into the instance's runningTasks, the other one null.
- `availabilityZone` is null for instances without the ecs.availability-zone attribute, and
  `registered.eni` / `remaining.eni` are null when the simulator does not know the instance's
  ENI limit (neither `maxEni` nor a known instance type; only awsvpc tasks need it).
- `availabilityZones` is sorted by name, the null zone last; counts are after placement and
  scale-in, except `tasksBefore`.
"""

from studyapp.sims.placement.scenario import schema
from studyapp.sims.placement.simulation import simulate
from studyapp.sims.validation import InvalidInput

__all__ = ["InvalidInput", "schema", "simulate"]
