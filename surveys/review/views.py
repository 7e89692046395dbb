"""Open answers: the review page for trajectory staff, and the quotes page.

The review page (``surveys.review_open_answers``) shows every open answer,
its original text, its review state and any safety flag. The quotes page
(``surveys.view_results``, beleidsmakers too) shows approved texts only;
unreviewed answers, flags and counts of either appear there only for users
who may review.
"""

from __future__ import annotations

from typing import Any
from typing import cast
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from accounts.models import User
from regions.mixins import TrajectoryPermissionMixin
from regions.models import Trajectory

from ..models import Questionnaire
from ..results.export_views import DUTCH_EXCEL
from .forms import OpenAnswerReviewForm
from .selectors import SHOW_ALL
from .selectors import SHOW_CHOICES
from .selectors import SHOW_FLAGGED
from .selectors import SHOW_UNREVIEWED
from .selectors import open_answers
from .selectors import quotes_for_meeting
from .selectors import review_counts
from .selectors import review_page
from .services import EDITED_TEXT_MAX
from .services import ReviewAction
from .services import open_answer_review

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


class _ReviewMixin(TrajectoryPermissionMixin):
    """The trajectory comes with its questionnaire, which may not exist yet."""

    def get_permission_queryset(self) -> QuerySet[Trajectory]:
        return Trajectory.objects.select_related("region", "questionnaire")

    def get_questionnaire(self) -> Questionnaire | None:
        try:
            return self.trajectory.questionnaire
        except Questionnaire.DoesNotExist:
            return None


def _show(request: HttpRequest) -> str:
    show = request.GET.get("toon", SHOW_UNREVIEWED)
    return show if show in SHOW_CHOICES else SHOW_UNREVIEWED


class OpenAnswerReviewView(_ReviewMixin, TemplateView):
    """List open answers per theme (GET); apply one review action (POST)."""

    permission_required = "surveys.review_open_answers"
    template_name = "surveys/review/open_answers.html"

    def page_url(self, show: str) -> str:
        url = reverse("surveys:open_answer_review", kwargs={"pk": self.trajectory.pk})
        return f"{url}?{urlencode({'toon': show})}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        trajectory = self.trajectory
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

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
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
                    reviewer=cast(User, request.user),  # a signed-in user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, DONE_MESSAGES[ReviewAction(action)])
                return redirect(self.page_url(_show(request)))
        return self.render_to_response(self.get_context_data(form=form))


class QuoteListView(_ReviewMixin, TemplateView):
    """Approved quotes per theme; for everyone who may see the results."""

    permission_required = "surveys.view_results"
    template_name = "surveys/review/quotes.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        trajectory = self.trajectory
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


def review_section_context(
    request: HttpRequest, trajectory: Trajectory
) -> dict[str, Any] | None:
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
        "excel_csv_query": f"?format={DUTCH_EXCEL}",
    }
    if can_review:
        questionnaire = Questionnaire.objects.filter(trajectory=trajectory).first()
        context["review_url"] = reverse("surveys:open_answer_review", kwargs=kwargs)
        context["counts"] = review_counts(questionnaire=questionnaire)
    return context
