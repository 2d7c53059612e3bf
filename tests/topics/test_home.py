import pytest
from django.urls import reverse

from studyapp.topics.loading import sync_topics

pytestmark = pytest.mark.django_db


def test_home_explains_the_app_and_links_to_topics(client, content_dir):
    sync_topics(content_dir / "topics")
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "DVA-C02" in html
    assert 'href="/topics/"' in html
    assert "720" in html
    assert html.count('<li class="card">') == 3
    assert 'href="/topics/beta-topic/"' in html


def test_home_without_content_says_how_to_load_it(client):
    response = client.get(reverse("home"))
    assert "python manage.py loadcontent" in response.content.decode()


def test_pages_have_landmarks_and_a_skip_link(client):
    html = client.get(reverse("home")).content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert 'role="search"' in html
