"""Follow-up: progress, the action owners and their personal pages."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from .. import services
from ..forms import OwnerInviteForm
from ..forms import ProgressNoteForm
from ..models import Action
from ..models import OwnerLink
from ..selectors.comparison import MIN_OTHER_PLANS
from ..selectors.comparison import national_comparison
from ..selectors.followup import owner_actions
from ..selectors.followup import progress_overview
from .mixins import PlanMixin


class ProgressView(PlanMixin, TemplateView):
    permission_required = "actionplans.view_actionplan"
    template_name = "actionplans/progress.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        overview = progress_overview(plan=self.plan)
        context.update(
            trajectory=self.trajectory,
            plan=self.plan,
            overview=overview,
            comparison=national_comparison(plan=self.plan, overview=overview),
            min_other_plans=MIN_OTHER_PLANS,
        )
        return context


class OwnerListView(PlanMixin, TemplateView):
    permission_required = "actionplans.manage_owners"
    template_name = "actionplans/owner_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        emails = sorted(
            set(
                Action.objects.filter(plan_topic__plan=self.plan)
                .exclude(owner_email="")
                .values_list("owner_email", flat=True)
            )
        )
        context.update(
            trajectory=self.trajectory,
            plan=self.plan,
            links=list(self.plan.owner_links.all()),
            owner_emails=emails,
            form=kwargs.get("form") or OwnerInviteForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = OwnerInviteForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.owner_link_create(
            plan=self.plan,
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
        )
        messages.success(
            request,
            _("De uitnodiging is verstuurd naar %(email)s.")
            % {"email": form.cleaned_data["email"]},
        )
        return redirect("actionplans:owners", pk=self.trajectory.pk)


class OwnerRevokeView(PlanMixin, View):
    permission_required = "actionplans.manage_owners"

    def post(self, request, *args, **kwargs):
        link = get_object_or_404(OwnerLink, pk=self.kwargs["link_pk"], plan=self.plan)
        services.owner_link_revoke(link=link)
        messages.success(request, _("De link werkt niet meer."))
        return redirect("actionplans:owners", pk=self.trajectory.pk)


class OwnerLinkRevoked(Exception):
    def __init__(self, link: OwnerLink):
        super().__init__("owner link revoked")
        self.link = link


def _owner_link_or_404(token: str) -> OwnerLink:
    """The active link of ``token``; a revoked one raises ``OwnerLinkRevoked``."""
    lookup = services.owner_link_lookup(token=token)
    if lookup.state == services.OwnerLinkState.REVOKED and lookup.link is not None:
        raise OwnerLinkRevoked(lookup.link)
    if lookup.link is None or lookup.state != services.OwnerLinkState.ACTIVE:
        raise Http404
    return lookup.link


def _owner_link_revoked_page(request, link: OwnerLink):
    """A clear page for a link that was stopped: 410, with who to ask."""
    response = render(
        request,
        "actionplans/owner_link_revoked.html",
        {"trajectory": link.plan.trajectory},
        status=410,
    )
    # Not "no-referrer": under it Chromium sends "Origin: null" with the
    # page's form POSTs (a note, the language switch) and the CSRF check
    # refuses them. "same-origin" still keeps the token in this URL from
    # other sites.
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


def owner_home(request, token: str):
    """The action owner's page: their actions, with a form per action."""
    try:
        link = _owner_link_or_404(token)
    except OwnerLinkRevoked as revoked:
        return _owner_link_revoked_page(request, revoked.link)
    actions = owner_actions(plan=link.plan, email=link.email)
    response = render(
        request,
        "actionplans/owner_home.html",
        {
            "link": link,
            "token": token,
            "trajectory": link.plan.trajectory,
            "actions": actions,
            "form": ProgressNoteForm(),
        },
    )
    # Not "no-referrer": under it Chromium sends "Origin: null" with the
    # page's form POSTs (a note, the language switch) and the CSRF check
    # refuses them. "same-origin" still keeps the token in this URL from
    # other sites.
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


def owner_note(request, token: str, action_pk: int):
    if request.method != "POST":
        return redirect("actionplans:owner_home", token=token)
    try:
        link = _owner_link_or_404(token)
    except OwnerLinkRevoked as revoked:
        return _owner_link_revoked_page(request, revoked.link)
    action = get_object_or_404(
        Action.objects.select_related("plan_topic"),
        pk=action_pk,
        plan_topic__plan=link.plan,
        owner_email__iexact=link.email,
    )
    form = ProgressNoteForm(request.POST)
    if form.is_valid():
        services.progress_note_add(
            action=action,
            text=form.cleaned_data["text"],
            status=form.cleaned_data["status"],
            author_name=link.name or link.email,
        )
        messages.success(request, _("Dank u. De voortgang is opgeslagen."))
    else:
        messages.error(
            request, _("Schrijf kort op wat er gedaan is (hoogstens 2000 tekens).")
        )
    response = redirect("actionplans:owner_home", token=token)
    response.status_code = 303
    return response
