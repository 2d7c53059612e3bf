"""The Django admin works under the site's Content Security Policy: its pages load their scripts
and styles without a violation, and an operator can retire a question."""

from django.contrib.auth import get_user_model

from studyapp.questions.models import Question


def test_an_operator_retires_a_question_in_the_admin(page, content):
    get_user_model().objects.create_superuser("root", "root@example.com", "admin-pass-5521")
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)  # fmt: skip
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill("admin-pass-5521")
    page.get_by_role("button", name="Log in").click()
    question = Question.objects.get(qid="cannot-pull-image-access-denied")
    page.goto(f"/admin/questions/question/{question.pk}/change/")
    page.get_by_label("Is retired").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("was changed successfully").wait_for()
    question.refresh_from_db()
    assert question.is_retired
    assert not violations, violations
