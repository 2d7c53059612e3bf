"""Admin building blocks shared by the apps' admin.py modules."""


class ReadOnlyAdminMixin:
    """
    For rows the app derives (rendered topics, review logs, exam sittings): an operator may look
    and filter, and delete where Django allows, but not add or edit what would then disagree with
    the data it came from.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
