from django.shortcuts import render

SIMULATOR_CARDS = [
    {
        "name": "placement",
        "title": "Task placement",
        "teaches": "Where ECS puts each task on EC2 container instances under binpack, spread and "
        "random strategies and distinctInstance and memberOf constraints, why, and which tasks "
        "cannot be placed with the reason ECS would give.",
    },
    {
        "name": "fargate",
        "title": "Fargate sizing and task definition checks",
        "teaches": "Whether a task definition would register for Fargate, every problem with the "
        "field and rule it breaks, the smallest valid CPU and memory size, and what it costs.",
    },
    {
        "name": "capacity",
        "title": "Capacity provider strategy",
        "teaches": "How base and weight split a service's tasks between providers such as "
        "FARGATE and FARGATE_SPOT, task by task, and what the mix costs.",
    },
    {
        "name": "rolling",
        "title": "Rolling update",
        "teaches": "How minimumHealthyPercent and maximumPercent pace a deployment step by "
        "step, when it cannot progress, and when the circuit breaker rolls it back.",
    },
]


def index(request):
    return render(request, "sims/index.html", {"simulators": SIMULATOR_CARDS})
