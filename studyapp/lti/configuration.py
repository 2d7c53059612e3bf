"""The addresses an LMS administrator pastes when registering the tool (docs/lti.md)."""

from django.urls import reverse
from lti_tool.lti_core.constants import AgsScope

NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
TITLE = "DVA-C02 study (Amazon ECS)"


def tool_urls(base_url):
    """Name -> absolute URL of each endpoint an LMS needs, for a site served at base_url."""
    base_url = base_url.rstrip("/")
    return {
        "OIDC login initiation URL": base_url + reverse("lti:login"),
        "Launch (redirect / target link) URL": base_url + reverse("lti:launch"),
        "Deep linking URL": base_url + reverse("lti:launch"),
        "Public keyset (JWKS) URL": base_url + reverse("lti:jwks"),
        "Canvas JSON configuration URL": base_url + reverse("lti:canvas_configuration"),
    }


def canvas_json(base_url):
    """A Canvas LTI 1.3 developer key configuration: deep linking from the assignment and link
    pickers, AGS and NRPS scopes."""
    urls = tool_urls(base_url)
    launch_url = urls["Launch (redirect / target link) URL"]
    placements = [
        {
            "placement": placement,
            "message_type": "LtiDeepLinkingRequest",
            "target_link_uri": launch_url,
        }
        for placement in ("assignment_selection", "link_selection")
    ]
    return {
        "title": TITLE,
        "description": "Practice sets, exams and topic pages for the AWS DVA-C02 exam.",
        "oidc_initiation_url": urls["OIDC login initiation URL"],
        "target_link_uri": launch_url,
        "public_jwk_url": urls["Public keyset (JWKS) URL"],
        "scopes": [scope.value for scope in AgsScope] + [NRPS_SCOPE],
        "extensions": [
            {
                "platform": "canvas.instructure.com",
                "privacy_level": "public",
                "settings": {"placements": placements},
            }
        ],
        "custom_fields": {},
    }
