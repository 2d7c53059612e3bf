from django.utils.functional import SimpleLazyObject

from studyapp.accounts.roles import shows_instructor_tools


def account(request):
    """
    What the page frame shows of the visitor, looked up only if a template asks. The account
    name is a variable of its own so that a cached page can leave a placeholder in its place.
    The instructor links follow a flag cached for a few minutes, named apart from
    `is_instructor` so that no template mistakes it for the role a view checks.
    """
    return {
        "shows_instructor_tools": SimpleLazyObject(lambda: shows_instructor_tools(request.user)),
        "account_name": SimpleLazyObject(lambda: request.user.get_username()),
    }
