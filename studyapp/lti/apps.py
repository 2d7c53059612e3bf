from django.apps import AppConfig


class LtiConfig(AppConfig):
    name = "studyapp.lti"
    label = "lti"
    verbose_name = "LTI 1.3 tool"

    def ready(self):
        from studyapp.lti import grades  # noqa: F401  (connects the attempt signal)
