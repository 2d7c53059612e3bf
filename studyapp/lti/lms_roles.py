"""
Which LTI roles teach and which learn (LTI 1.3 core, appendix A.2: context roles). A role may be
the full membership URI or, as LTI allows, the bare short name. Institution and system roles say
nothing about this course and are ignored. Plain data in and out; no Django.
"""

MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
TEACHING = {"Instructor", "Administrator", "ContentDeveloper"}
LEARNING = {"Learner"}


def _context_roles(roles):
    names = set()
    for role in roles or ():
        if not isinstance(role, str):
            continue
        if role.startswith(MEMBERSHIP):
            names.add(role.removeprefix(MEMBERSHIP))
        elif role.isalnum():
            names.add(role)
    return names


def teaches(roles):
    return bool(_context_roles(roles) & TEACHING)


def learns(roles):
    return bool(_context_roles(roles) & LEARNING)
