from pathlib import Path

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse


def test_every_page_links_the_icon(client, db):
    response = client.get(reverse("home"))
    assert f'<link rel="icon" href="{static("favicon.svg")}"' in response.content.decode()


def test_the_root_icon_address_points_at_the_static_file(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("favicon.svg")


def test_the_icon_is_a_static_file():
    # collectstatic gathers it for WhiteNoise to serve (tests/core/test_static.py builds that).
    found = finders.find("favicon.svg")
    assert found
    assert "<svg" in Path(found).read_text()
