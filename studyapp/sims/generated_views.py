"""
Practice on generated questions: a set of SET_SIZE questions per generator, reproducible from
the seed in its address (`?seed=`, shown with a link to share), answered and revealed in place
(htmx, or a plain form without JavaScript). The key is recomputed from the seed on submit.
"""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from studyapp.core.ratelimit import per_user_or_address, rate_limit
from studyapp.questions.generated import skill_question
from studyapp.questions.practice import Learner, record_attempt
from studyapp.review import actions
from studyapp.sims import generated_practice as practice
from studyapp.sims.generators import GENERATORS


def index(request):
    return render(request, "sims/generated_index.html", {"generators": GENERATORS.values()})


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
@rate_limit(600, 60 * 60, per_user_or_address, describe="generated questions")
def question(request, name):
    """Question `n` of the set `seed` of one generator; without a seed, a new set."""
    if name not in GENERATORS:
        raise Http404("There is no question generator by that name.")
    if "seed" not in request.GET:
        seed = secrets.randbelow(practice.MAX_SET_SEED + 1)
        return redirect(f"{reverse('sims:generated_question', args=[name])}?seed={seed}")
    try:
        set_seed, place = practice.read_set_place(request.GET)
    except practice.BadRequest as problem:
        return render(
            request,
            "sims/generated_bad_request.html",
            {"problem": str(problem), "generator": GENERATORS[name]},
            status=400,
        )
    generated = practice.set_question(name, set_seed, place)
    set_url = f"{reverse('sims:generated_question', args=[name])}?seed={set_seed}"
    context = {
        "generator": GENERATORS[name],
        "generated": generated,
        "rendered": practice.render(generated),
        "choose": generated.choose,
        "set_seed": set_seed,
        "place": place,
        "set_size": practice.SET_SIZE,
        "set_url": set_url,
        "share_url": request.build_absolute_uri(set_url),
        "next_url": f"{set_url}&n={place + 1}" if place < practice.SET_SIZE else None,
        "action": f"{set_url}&n={place}",
    }
    if request.method == "POST":
        selected, error = practice.read_answer(request.POST, generated)
        if error:
            context["error"] = error
        else:
            is_correct = practice.is_right(generated, selected)
            learner = Learner.from_request(request, create_session=True)
            skill = skill_question(name)
            record_attempt(skill, learner, selected, is_correct)
            context |= {
                "revealed": True,
                "selected": selected,
                "is_correct": is_correct,
                "generated_try_it": practice.try_it(generated),
                "generated_simulator": generated.simulator,
            }
    template = "sims/generated_question.html"
    status = 400 if "error" in context and not request.htmx else 200
    return render(request, f"{template}#card" if request.htmx else template, context, status=status)


@login_required
@require_POST
def add_to_review(request, name):
    """Make the generator a review card of the learner's: each review shows a fresh instance."""
    if name not in GENERATORS:
        raise Http404("There is no question generator by that name.")
    generator = GENERATORS[name]
    actions.send_to_review(request.user, [skill_question(name)])
    messages.success(
        request,
        f"“{generator.title}” is in your review cards: each review draws a new question.",
    )
    back = request.POST.get("back", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("sims:generated_question", args=[name])
    return redirect(back)
