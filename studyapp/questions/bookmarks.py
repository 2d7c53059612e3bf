"""Questions a learner starred."""

from django.db import IntegrityError, transaction

from studyapp.questions.models import Bookmark


def is_bookmarked(user, question):
    if not user.is_authenticated:
        return False
    return Bookmark.objects.filter(user=user, question=question).exists()


def toggle(user, question):
    """Star the question if it is not starred, else unstar it; whether it is starred now."""
    deleted, _ = Bookmark.objects.filter(user=user, question=question).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Bookmark.objects.create(user=user, question=question)
    except IntegrityError:
        pass  # a second click raced this one and starred it first: it is starred either way
    return True
