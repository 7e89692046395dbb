"""Open answers: the review page for trajectory staff, and the quotes page.

The review page (``surveys.review_open_answers``) shows every open answer,
its original text, its review state and any safety flag. The quotes page
(``surveys.view_results``, beleidsmakers too) shows approved texts only;
unreviewed answers, flags and counts of either appear there only for users
who may review.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.urls import path
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from core.mixins import PermissionRequiredMixin
from regions.models import Trajectory

from ..models import Questionnaire
from ..review_selectors import SHOW_ALL
from ..review_selectors import SHOW_CHOICES
from ..review_selectors import SHOW_FLAGGED
from ..review_selectors import SHOW_UNREVIEWED
from ..review_selectors import open_answers
from ..review_selectors import quotes_for_meeting
from ..review_selectors import review_counts
from ..review_selectors import review_page
from ..review_services import EDITED_TEXT_MAX
from ..review_services import ReviewAction
from ..review_services import open_answer_review

MAX_ID = 2**63 - 1

DONE_MESSAGES = {
    ReviewAction.APPROVE: gettext_lazy("Het antwoord is goedgekeurd."),
    ReviewAction.EDIT: gettext_lazy(
        "De aangepaste tekst is opgeslagen. Alleen die tekst wordt getoond."
    ),
    ReviewAction.HIDE: gettext_lazy("Het antwoord is verborgen."),
    ReviewAction.FLAG: gettext_lazy(
        "Het antwoord is gemarkeerd als mogelijk onveilig. Volg de meldcode."
    ),
    ReviewAction.UNFLAG: gettext_lazy(
        "De markering is weggehaald. Dat is vastgelegd met uw naam en de tijd."
    ),
}


class TrajectoryObjectMixin(PermissionRequiredMixin):
    """Look the trajectory (with region and questionnaire) up once; check on it."""

    def get_permission_object(self):
        if not hasattr(self, "_trajectory"):
            self._trajectory = get_object_or_404(
                Trajectory.objects.select_related("region", "questionnaire"),
                pk=self.kwargs["pk"],
            )
        return self._trajectory

    def get_questionnaire(self) -> Questionnaire | None:
        try:
            return self.get_permission_object().questionnaire
        except Questionnaire.DoesNotExist:
            return None


class OpenAnswerReviewForm(forms.Form):
    answer = forms.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        widget=forms.HiddenInput,
        error_messages={"required": gettext_lazy("Kies een antwoord.")},
    )
    action = forms.ChoiceField(
        choices=ReviewAction.choices,
        error_messages={
            "required": gettext_lazy("Kies wat u met het antwoord wilt doen."),
            "invalid_choice": gettext_lazy("Kies wat u met het antwoord wilt doen."),
        },
    )
    edited_text = forms.CharField(
        required=False,
        max_length=EDITED_TEXT_MAX,
        error_messages={
            "max_length": gettext_lazy(
                "De tekst is te lang. Gebruik hoogstens %(limit_value)d tekens "
                "(nu %(show_value)d)."
            ),
            "null_characters_not_allowed": gettext_lazy(
                "De tekst bevat een teken dat niet mag."
            ),
        },
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == ReviewAction.EDIT and not data.get("edited_text"):
            self.add_error("edited_text", _("Vul de aangepaste tekst in."))
        return data


def _show(request) -> str:
    show = request.GET.get("toon", SHOW_UNREVIEWED)
    return show if show in SHOW_CHOICES else SHOW_UNREVIEWED


class OpenAnswerReviewView(TrajectoryObjectMixin, TemplateView):
    """List open answers per theme (GET); apply one review action (POST)."""

    permission_required = "surveys.review_open_answers"
    template_name = "surveys/review/open_answers.html"

    def page_url(self, show: str) -> str:
        url = reverse(
            "surveys:open_answer_review", kwargs={"pk": self.get_permission_object().pk}
        )
        return f"{url}?{urlencode({'toon': show})}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trajectory = self.get_permission_object()
        page = review_page(
            questionnaire=self.get_questionnaire(), show=_show(self.request)
        )
        form = kwargs.get("form")
        bound_answer_id = None
        bound_text = ""
        if form is not None and form.is_bound:
            bound_answer_id = form.cleaned_data.get("answer")
            bound_text = form.data.get("edited_text", "")[: EDITED_TEXT_MAX * 2]
        context.update(
            trajectory=trajectory,
            page=page,
            filters=[
                (SHOW_UNREVIEWED, _("Nog niet bekeken"), page.counts.unreviewed),
                (
                    SHOW_FLAGGED,
                    _("Gemarkeerd als mogelijk onveilig"),
                    page.counts.flagged,
                ),
                (SHOW_ALL, _("Alle open antwoorden"), page.counts.total),
            ],
            form_url=self.page_url(page.show),
            edited_text_max=EDITED_TEXT_MAX,
            bound_answer_id=bound_answer_id,
            bound_text=bound_text,
        )
        return context

    def post(self, request, *args, **kwargs):
        questionnaire = self.get_questionnaire()
        form = OpenAnswerReviewForm(request.POST)
        form.is_valid()
        answer_id = form.cleaned_data.get("answer")
        if answer_id is not None:
            # Only this trajectory's open answers; any other id is a 404.
            if questionnaire is None:
                raise Http404
            answer = get_object_or_404(
                open_answers(questionnaire=questionnaire).select_related("question"),
                pk=answer_id,
            )
        if form.is_valid():
            action = form.cleaned_data["action"]
            try:
                open_answer_review(
                    answer=answer,
                    action=action,
                    edited_text=form.cleaned_data["edited_text"],
                    reviewer=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, DONE_MESSAGES[ReviewAction(action)])
                return redirect(self.page_url(_show(request)))
        return self.render_to_response(self.get_context_data(form=form))


class QuoteListView(TrajectoryObjectMixin, TemplateView):
    """Approved quotes per theme; for everyone who may see the results."""

    permission_required = "surveys.view_results"
    template_name = "surveys/review/quotes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trajectory = self.get_permission_object()
        questionnaire = self.get_questionnaire()
        themes = [
            entry
            for entry in quotes_for_meeting(questionnaire=questionnaire).values()
            if entry.count
        ]
        can_review = self.request.user.has_perm(
            "surveys.review_open_answers", trajectory
        )
        context.update(
            trajectory=trajectory,
            themes=themes,
            can_review=can_review,
            counts=review_counts(questionnaire=questionnaire) if can_review else None,
        )
        return context


def review_section_context(request, trajectory: Trajectory) -> dict | None:
    """Quotes, open-answer review and exports on the trajectory page."""
    user = request.user
    if not user.has_perm("surveys.view_results", trajectory):
        return None
    can_review = user.has_perm("surveys.review_open_answers", trajectory)
    kwargs = {"pk": trajectory.pk}
    context = {
        "quotes_url": reverse("surveys:quotes", kwargs=kwargs),
        "can_review": can_review,
        "can_export_results": user.has_perm("surveys.export_results", trajectory),
        "can_export_responses": user.has_perm("surveys.export_responses", trajectory),
        "results_xlsx_url": reverse("surveys:results_export_xlsx", kwargs=kwargs),
        "results_csv_url": reverse("surveys:results_export_csv", kwargs=kwargs),
        "responses_xlsx_url": reverse("surveys:responses_export_xlsx", kwargs=kwargs),
        "responses_csv_url": reverse("surveys:responses_export_csv", kwargs=kwargs),
    }
    if can_review:
        questionnaire = Questionnaire.objects.filter(trajectory=trajectory).first()
        context["review_url"] = reverse("surveys:open_answer_review", kwargs=kwargs)
        context["counts"] = review_counts(questionnaire=questionnaire)
    return context


urlpatterns = [
    path(
        "trajecten/<int:pk>/resultaten/open-antwoorden/",
        OpenAnswerReviewView.as_view(),
        name="open_answer_review",
    ),
    path(
        "trajecten/<int:pk>/resultaten/citaten/",
        QuoteListView.as_view(),
        name="quotes",
    ),
]
