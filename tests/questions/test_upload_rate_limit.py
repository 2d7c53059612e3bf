import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_upload_previews_are_capped_per_instructor(client, django_user_model):
    instructors = Group.objects.get(name="instructors")
    for name in ("ines", "oscar"):
        django_user_model.objects.create_user(name).groups.add(instructors)
    client.force_login(django_user_model.objects.get(username="ines"))

    def preview():
        return client.post(
            reverse("questions:upload"),
            {"file": SimpleUploadedFile("demo.md", b"not a pack"), "file_format": ""},
        )

    statuses = {preview().status_code for _ in range(30)}
    assert 429 not in statuses
    response = preview()
    assert response.status_code == 429
    assert "Too many upload previews: the limit is 30 every hour." in response.content.decode()
    assert client.get(reverse("questions:upload")).status_code == 200
    client.force_login(django_user_model.objects.get(username="oscar"))
    assert preview().status_code != 429


def test_upload_confirmations_are_capped_per_instructor(client, django_user_model):
    user = django_user_model.objects.create_user("ines")
    user.groups.add(Group.objects.get(name="instructors"))
    client.force_login(user)
    # An upload id nobody has: each try is counted before the view looks it up.
    confirm = reverse("questions:confirm_upload", args=[999_999])
    assert {client.post(confirm).status_code for _ in range(30)} == {404}
    response = client.post(confirm)
    assert response.status_code == 429
    assert "Too many upload confirmations: the limit is 30 every hour." in response.content.decode()
