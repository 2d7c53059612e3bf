import pytest
from django.conf import settings
from django.test.utils import override_settings

PLAIN_STATIC_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.fixture(autouse=True, scope="session")
def _plain_static_storage():
    """
    Production uses WhiteNoise's manifest storage, which needs `collectstatic` first; tests render
    templates without it. tests/core/test_static.py covers the manifest storage itself.
    """
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    with override_settings(STORAGES=PLAIN_STATIC_STORAGES):
        yield
