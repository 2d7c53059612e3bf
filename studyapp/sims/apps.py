from django.apps import AppConfig


class SimsConfig(AppConfig):
    name = "studyapp.sims"

    def ready(self):
        from studyapp.questions import scenarios
        from studyapp.sims.scenario_links import question_scenario_support

        # Questions sit in a lower layer: they check and link their scenarios through this.
        scenarios.provide(question_scenario_support())

        # Review and exams, below this app, show generated questions through the registry.
        from studyapp.sims.generated_practice import register_skills

        register_skills()
