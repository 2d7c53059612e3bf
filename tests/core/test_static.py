import json

from django.core.management import call_command
from django.test.utils import override_settings


def test_collectstatic_builds_a_compressed_manifest(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert hashed != "css/site.css"
    assert (tmp_path / f"{hashed}.gz").exists()
    assert "django_htmx/htmx-2.min.js" in manifest["paths"]
