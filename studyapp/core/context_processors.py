from django.utils.functional import SimpleLazyObject

from studyapp.accounts.roles import is_instructor


def roles(request):
    """`is_instructor` for the navigation, looked up only if a template asks."""
    return {"is_instructor": SimpleLazyObject(lambda: is_instructor(request.user))}
