from django.apps import AppConfig


class SimsConfig(AppConfig):
    name = "studyapp.sims"

    def ready(self):
        # Review and exams, below this app, show generated questions through the registry.
        from studyapp.sims.generated_practice import register_skills

        register_skills()
