"""Who may do what beyond learning: instructors are staff or members of the 'instructors' group."""

INSTRUCTORS_GROUP = "instructors"


def is_instructor(user):
    if not user.is_authenticated:
        return False
    return user.is_staff or user.groups.filter(name=INSTRUCTORS_GROUP).exists()
