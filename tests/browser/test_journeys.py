"""
The main journeys in a real browser, keyboard included. Each ends with a full-page screenshot
in test-artifacts/browser/.
"""

import io
import re

from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from studyapp.questions.models import Question
from studyapp.review.models import ReviewLog
from tests.browser.conftest import PASSWORD, screenshot, sign_in, sign_up


def choose_by_keyboard(page, scope):
    """Press the number keys for as many options as the question asks for ("Choose 2.")."""
    legend = page.locator(f"{scope} legend").inner_text()
    wanted = int(m.group(1)) if (m := re.search(r"Choose (\d+)", legend)) else 1
    for number in range(1, wanted + 1):
        page.keyboard.press(str(number))
        expect(page.locator(f"{scope} input[data-key='{number}']")).to_be_checked()


def test_read_a_topic_and_use_its_table_of_contents(page, content):
    page.goto("/topics/")
    page.get_by_role("link", name="Task definitions", exact=False).first.click()
    expect(page).to_have_url(re.compile(r"/topics/task-definitions/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    toc = page.locator("aside.topic-toc")
    expect(toc.get_by_role("heading", name="On this page")).to_be_visible()
    last = toc.locator("a").last  # the furthest down, so the page must scroll to it
    anchor = last.get_attribute("href")
    assert anchor.startswith("#")
    target = page.locator(f"[id='{anchor[1:]}']")
    expect(target).not_to_be_in_viewport()

    last.click()
    expect(page).to_have_url(re.compile(re.escape(anchor) + "$"))
    expect(target).to_be_in_viewport()
    assert page.evaluate("location.hash") == anchor
    screenshot(page, "1-topic-table-of-contents")


def test_practise_a_question_with_the_htmx_reveal_and_the_keyboard(page, content):
    page.goto("/practice/")
    page.get_by_role("button", name="Start practising").click()
    page.wait_for_url("**/questions/**")  # and its load event: the deferred scripts have run
    expect(page.locator("#question-card form.question-form")).to_be_visible()
    first_url = page.url
    stem = page.locator(".question-card__stem").inner_text()

    # A marker that a page load would wipe: it must survive the answer.
    page.evaluate("window.__journeyMarker = 'no page load'")
    choose_by_keyboard(page, "#question-card")
    page.keyboard.press("Enter")

    verdict = page.locator("#question-card .verdict")
    expect(verdict).to_be_visible()
    expect(verdict).to_be_focused()
    assert page.evaluate("window.__journeyMarker") == "no page load"
    assert page.url == first_url
    expect(page.locator(".question-card__stem")).to_have_text(stem)
    marks = page.locator(".options--revealed .option__verdict")
    assert marks.count() >= 2
    assert set(marks.all_inner_texts()) == {"Correct", "Incorrect"}
    expect(page.locator(".options--revealed .option__chosen").first).to_have_text("Your choice")
    expect(page.get_by_role("heading", name="Explanation")).to_be_visible()
    expect(page.locator(".explanation .prose")).not_to_be_empty()
    screenshot(page, "2-practice-reveal")

    page.keyboard.press("n")
    expect(page.locator("#question-card form.question-form")).to_be_visible()
    assert page.url != first_url
    assert page.evaluate("window.__journeyMarker") is None  # N is a real navigation
    expect(page.locator(".question-card__stem")).not_to_have_text(stem)
    screenshot(page, "2-practice-next-question")


def test_a_question_opened_on_its_own_leads_on_to_a_set_of_its_topic(page, content):
    page.goto("/questions/ecs-core/cannot-pull-image-access-denied/")
    expect(page.locator("#question-card form.question-form")).to_be_visible()
    expect(page.locator("#question-card a[data-key='n']")).to_have_count(0)  # no endless Skip
    choose_by_keyboard(page, "#question-card")
    page.keyboard.press("Enter")
    leads_on = page.locator("#question-card button[data-key='n']")
    expect(leads_on).to_contain_text("Practise")
    page.keyboard.press("n")
    page.wait_for_url(re.compile(r"\?set=\d+$"))
    expect(page.locator(".set-progress")).to_contain_text(re.compile(r"Question 1 of \d+, 0 right"))
    assert "cannot-pull-image-access-denied" not in page.url  # the one just answered comes last
    screenshot(page, "2-practice-lone-question-leads-to-a-set")


def test_sign_up_review_three_cards_with_the_keyboard_and_see_the_stats(page, content):
    sign_up(page, "kim")
    expect(page.get_by_text("Welcome, kim.")).to_be_visible()
    page.goto("/review/")

    area = "#review-area"
    question_form = page.locator(f"{area} form.question-form")
    rating_form = page.locator(f"{area} form.rating-form")
    stem = page.locator(f"{area} .question-card__stem")

    def answer_and_rate(rating):
        expect(question_form).to_be_visible()
        text = stem.inner_text()
        choose_by_keyboard(page, area)
        page.keyboard.press(" ")  # Space shows the answer
        expect(rating_form).to_be_visible()
        expect(page.locator(f"{area} .verdict")).to_be_visible()
        page.keyboard.press(str(rating))
        expect(rating_form).to_be_hidden()
        return text

    first = answer_and_rate(3)
    second = answer_and_rate(4)
    expect(stem).not_to_have_text(second)
    page.keyboard.press("Control+z")  # undo the Easy: the second card comes back
    expect(question_form).to_be_visible()
    expect(stem).to_have_text(second)
    assert answer_and_rate(2) == second
    third = answer_and_rate(1)
    assert len({first, second, third}) == 3
    assert ReviewLog.objects.filter(user__username="kim").count() == 3

    page.goto("/stats/")
    today = page.locator("section[aria-labelledby='today-heading']")
    expect(today).to_contain_text("3 reviews (3 new)")
    headers = today.locator("thead th").all_inner_texts()
    counts = today.locator("tbody td").all_inner_texts()
    assert dict(zip(headers, counts, strict=True)) == {
        "Again": "1",
        "Hard": "1",
        "Good": "1",
        "Easy": "0",
    }
    readiness = page.locator("section[aria-labelledby='readiness-heading']")
    expect(readiness.get_by_role("table", name="By topic")).to_be_visible()
    expect(readiness).to_contain_text("3 reviews")
    screenshot(page, "3-review-stats")


def test_take_a_five_question_exam_reload_flag_submit_and_read_the_report(page, content):
    sign_up(page, "eve")
    page.goto("/exam/")
    page.get_by_label("Questions", exact=True).fill("5")
    page.get_by_label("Minutes", exact=True).fill("10")
    expect(page.locator("#exam-plan")).to_contain_text("This sitting will use 5 questions")
    page.get_by_role("button", name="Start the exam").click()
    expect(page.get_by_role("heading", name="Question 1", exact=True)).to_be_visible()
    sitting_url = re.sub(r"/1/$", "/", page.url)
    progress = page.locator(".exam-bar__progress")
    expect(progress).to_have_text("Question 1 of 5 · 0 answered · 0 flagged")
    expect(page.locator(".exam-bar__timer .timer")).to_have_text(re.compile(r"^(9|10):\d\d$"))

    chosen = {}
    for position, number in ((1, "1"), (2, "2")):
        option = page.locator(f"input[data-key='{number}']")
        chosen[position] = option.get_attribute("value")
        option.check()
        page.get_by_role("button", name="Save and next").click()
        expect(page).to_have_url(f"{sitting_url}{position + 1}/")
        expect(
            page.get_by_role("heading", name=f"Question {position + 1}", exact=True)
        ).to_be_visible()

    page.reload()
    expect(page).to_have_url(f"{sitting_url}3/")
    expect(page.get_by_role("heading", name="Question 3", exact=True)).to_be_visible()
    expect(progress).to_have_text("Question 3 of 5 · 2 answered · 0 flagged")
    navigator = page.get_by_role("navigation", name="Questions")
    expect(navigator.get_by_role("button", name="Question 1, answered")).to_be_visible()
    expect(navigator.get_by_role("button", name="Question 2, answered")).to_be_visible()
    expect(navigator.get_by_role("button", name="Question 3, unanswered")).to_have_attribute(
        "aria-current", "step"
    )
    navigator.get_by_role("button", name="Question 1, answered").click()
    expect(page.get_by_role("heading", name="Question 1", exact=True)).to_be_visible()
    expect(page.locator(f"input[name='option'][value='{chosen[1]}']")).to_be_checked()
    navigator.get_by_role("button", name="Question 3, unanswered").click()
    expect(page.get_by_role("heading", name="Question 3", exact=True)).to_be_visible()

    page.get_by_label("Flag this question for review").check()
    page.get_by_role("button", name="Review and submit").click()
    expect(page.get_by_role("heading", name="Submit the exam?")).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("3 questions unanswered")
    unanswered = main.locator(".alert a").all_inner_texts()
    assert unanswered == ["3", "4", "5"]
    expect(main.locator("p", has_text="Flagged for review")).to_contain_text("3")

    page.get_by_role("button", name="Submit and see my score").click()
    expect(page.get_by_role("heading", name="Your result")).to_be_visible()
    expect(page.locator(".score-card")).to_contain_text(re.compile(r"\d of 5 right"))
    items = page.locator(".report-item")
    expect(items).to_have_count(5)
    expect(items.nth(2).get_by_role("heading")).to_have_text("Question 3 · Unanswered · flagged")
    expect(items.nth(0).locator(".option--chosen")).to_have_count(1)
    screenshot(page, "5-exam-report")

    page.get_by_role("link", name="All your sittings").click()
    expect(page.get_by_role("heading", name="Your practice exams")).to_be_visible()
    expect(page.locator("table.data-table tbody tr")).to_have_count(1)


def test_instructor_creates_a_class_and_a_student_joins_with_the_code(
    page, new_context, content, instructors_group, monkeypatch
):
    monkeypatch.setenv("STUDYAPP_INSTRUCTOR_PASSWORD", PASSWORD)
    call_command("createinstructor", "ines", stdout=io.StringIO())
    assert get_user_model().objects.get(username="ines").groups.filter(name="instructors")

    sign_in(page, "ines")
    page.get_by_role("link", name="Classes").click()
    expect(page.get_by_role("heading", name="Classes you teach")).to_be_visible()
    page.get_by_role("link", name="Create a class").click()
    page.get_by_label("Name").fill("ECS evening class")
    page.get_by_label("Description").fill("Tuesdays, room 4.")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", name="ECS evening class")).to_be_visible()
    expect(page.get_by_text("No students yet")).to_be_visible()
    code = page.locator(".join-code__value").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{8}", code)

    student = new_context().new_page()
    student.set_default_timeout(10_000)
    sign_up(student, "sam")
    student.goto("/join/")
    student.get_by_label("Join code").fill(code)
    student.get_by_role("button", name="Join").click()
    expect(student.get_by_text("You joined ECS evening class.")).to_be_visible()
    expect(student.get_by_role("heading", name="ECS evening class")).to_be_visible()

    page.reload()
    roster = page.locator("table.data-table")
    expect(roster.get_by_role("cell", name="sam", exact=True)).to_be_visible()
    # Removing asks first (a page of its own), so the roster links to it.
    expect(page.get_by_role("link", name="Remove sam")).to_be_visible()
    screenshot(page, "6-class-roster")
    screenshot(student, "6-student-classes")


def test_run_a_placement_preset_and_a_fargate_check(page, content):
    page.goto("/sims/placement/?preset=spread-az")
    expect(page.get_by_role("heading", name="Spread across Availability Zones")).to_be_visible()
    page.get_by_label("Tasks to place (count)").fill("9")
    page.get_by_role("button", name="Run", exact=True).click()

    verdict = page.locator(".sim-result .sim-verdict")
    expect(verdict).to_have_text(re.compile(r"Placed 9 of 9 tasks of service:web\."))
    expect(page).to_have_url(re.compile(r"/sims/placement/\?s="))  # a link to this scenario
    zones = page.locator(".sim-result .sim-zone")
    expect(zones).to_have_count(3)
    for zone in zones.all():  # spread(attribute:ecs.availability-zone): 3 per zone
        expect(zone.locator("p.muted").first).to_contain_text("3 placed")
        expect(zone.locator(".sim-chip:not(.sim-chip--existing)")).to_have_count(3)
    screenshot(page, "4-placement-spread-az")

    page.goto("/sims/fargate/")
    result = page.locator("#fargate-result")
    expect(result.locator(".sim-verdict")).to_contain_text("Valid for Fargate")
    page.get_by_label("Task CPU").fill("256")
    page.get_by_label("Task memory").fill("4096")
    page.get_by_role("button", name="Check", exact=True).click()
    expect(result.locator(".sim-verdict")).to_contain_text(
        "ECS would refuse this task definition: 1 error"
    )
    finding = result.locator("table.sim-findings tbody tr")
    expect(finding).to_have_count(1)
    expect(finding.locator("td").nth(0)).to_have_text("error")
    expect(finding.locator("td").nth(1).locator("code")).to_have_text("memory")
    expect(finding.get_by_role("link", name="Task memory")).to_have_attribute("href", "#id_memory")
    expect(finding.locator("td").nth(2)).to_contain_text("With cpu 256")
    expect(result).to_contain_text("256 CPU units (0.25 vCPU) and 512 MiB")
    screenshot(page, "4-fargate-invalid-size")


def test_a_topic_practice_set_ends_and_retry_offers_exactly_the_missed(page, content):
    size = Question.objects.active().filter(topic_slug="ecr").count()  # 9 in the bundled pack
    page.goto("/practice/")
    page.get_by_label("Topic", exact=True).select_option("ecr")
    page.get_by_role("button", name="Start practising").click()

    seen, missed = [], []
    for number in range(1, size + 1):
        page.wait_for_url("**/questions/**")
        expect(page.locator("[data-set-progress]")).to_contain_text(f"Question {number} of {size}")
        qid = re.search(r"/questions/[^/]+/([^/]+)/", page.url).group(1)
        seen.append(qid)
        choose_by_keyboard(page, "#question-card")  # the first options: right or not
        page.keyboard.press("Enter")
        heading = page.locator("#question-heading")
        expect(heading).not_to_have_text("Question")
        if heading.inner_text() != "Correct":
            missed.append(qid)
        right = number - len(missed)
        expect(page.locator("[data-set-progress]")).to_have_text(
            f"Question {number} of {size}, {right} right"
        )
        page.keyboard.press("n")

    page.wait_for_url("**/summary/")
    assert len(set(seen)) == size
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Set finished: {size - len(missed)} of {size} right"
    )
    listed = page.locator(".missed-list a").all_inner_texts()
    assert [text.rsplit(": ", 1)[1] for text in listed] == missed
    screenshot(page, "6-practice-set-summary")
    assert missed  # the first options were all right: about 1 in 4**size for ECR's questions
    page.get_by_role("button", name="Retry the missed ones").click()
    retried = []
    for number in range(1, len(missed) + 1):
        page.wait_for_url("**/questions/**")
        expect(page.locator("[data-set-progress]")).to_contain_text(
            f"Question {number} of {len(missed)}"
        )
        retried.append(re.search(r"/questions/[^/]+/([^/]+)/", page.url).group(1))
        page.keyboard.press("n")  # skip
    page.wait_for_url("**/summary/")
    assert retried == missed
