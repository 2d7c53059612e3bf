"""
The shape of the launch claims the tool stores, checked before anything is written: pylti1p3
checks signatures and required claims, not that a title is text or an id fits its column. Each
problem names its JSON path. Plain data in and out; no Django.
"""

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
# Column sizes of django-lti's records (lti_tool.models) and of the tool's own.
TEXT_LIMITS = {
    ("sub",): 255,
    ("given_name",): 500,
    ("family_name",): 500,
    ("name",): 500,
    (LTI + "context", "id"): 255,
    (LTI + "context", "label"): 255,
    (LTI + "context", "title"): 500,
    (LTI + "resource_link", "id"): 255,
    (LTI + "resource_link", "title"): 500,
    (LTI + "deployment_id",): 255,
    ("email",): 254,
    ("picture",): 200,
    (LTI + "tool_platform", "guid"): 255,
    (LTI + "tool_platform", "name"): 500,
    (LTI + "tool_platform", "contact_email"): 254,
    (LTI + "tool_platform", "url"): 200,
    (LTI + "tool_platform", "product_family_code"): 500,
    (LTI + "tool_platform", "version"): 500,
    (AGS, "lineitems"): 200,
    (AGS, "lineitem"): 2000,
    (NRPS, "context_memberships_url"): 200,
}
OBJECTS = [
    (LTI + "context",),
    (LTI + "resource_link",),
    (LTI + "custom",),
    (LTI + "tool_platform",),
    (LTI + "launch_presentation",),
    (AGS,),
    (NRPS,),
]
CUSTOM_VALUE_LIMIT = 1000


def _at(body, path):
    value = body
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _name(path):
    return "$." + ".".join(f'"{key}"' if "/" in key else key for key in path)


def problems(body):
    """What is wrong with the launch body's shape, each naming its JSON path; [] when nothing."""
    found = []
    for path in OBJECTS:
        value = _at(body, path)
        if value is not None and not isinstance(value, dict):
            found.append(f"{_name(path)} must be an object")
    for path, limit in TEXT_LIMITS.items():
        value = _at(body, path)
        if value is None:
            continue
        if not isinstance(value, str):
            found.append(f"{_name(path)} must be a string")
        elif len(value) > limit:
            found.append(f"{_name(path)} is longer than {limit} characters")
    roles = _at(body, (LTI + "roles",))
    if not isinstance(roles, list) or not all(isinstance(role, str) for role in roles):
        found.append(f"{_name((LTI + 'roles',))} must be a list of strings")
    custom = _at(body, (LTI + "custom",))
    if isinstance(custom, dict):
        for key, value in custom.items():
            if not isinstance(value, str) or len(value) > CUSTOM_VALUE_LIMIT:
                path = _name((LTI + "custom", str(key)))
                found.append(f"{path} must be a string of at most {CUSTOM_VALUE_LIMIT} characters")
    return found
