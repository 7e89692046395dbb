"""The answering pages (work in progress)."""

from django.views import View


class SurveyStartView(View):
    pass


class SurveyThanksView(View):
    pass


class SurveyStepView(View):
    pass


class SurveySubmitView(View):
    pass


class SurveyRestartView(View):
    pass
