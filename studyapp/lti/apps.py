from django.apps import AppConfig


class LtiConfig(AppConfig):
    name = "studyapp.lti"
    label = "lti"
    verbose_name = "LTI links and grades"

    def ready(self):
        from studyapp.lti import grades  # noqa: F401  (connects the attempt signal)
