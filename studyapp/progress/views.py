"""
/stats/: the review app's statistics page, completed with the readiness model's figures
(progress sits above review, so the page is served from here).
"""

from django.contrib.auth.decorators import login_required

from studyapp.progress import cache, rows
from studyapp.review import planning
from studyapp.review import views as review_views
from studyapp.review.queue import Queue


@login_required
def statistics(request):
    response = review_views.statistics(request)
    exam_moment = planning.exam_moment(Queue(request.user))
    readiness = cache.readiness(request.user, exam_moment)
    response.context_data |= {
        "readiness": readiness,
        "readiness_on_exam_day": exam_moment is not None,
        "readiness_topics": rows.topic_rows(readiness),
        "readiness_domains": rows.domain_rows(readiness),
    }
    return response
