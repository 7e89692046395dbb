"""Phase 2: thirty respondents in all six roles answer on a 390 px phone.

Most take the short way: the first pages, then straight to the summary and
"Versturen". A few save halfway and carry on on another device through their
resume link; two children and one foster parent answer every page.
"""

import re
from dataclasses import dataclass

from django.urls import reverse

from surveys.models import Response

from .journey import Journey

# One radio per question, spread over the scale; the first question of a page
# is clicked like a person does, the rest is set in one go.
ANSWER_PAGE = """
(seed) => {
  document.querySelectorAll('fieldset.question').forEach((fieldset, index) => {
    const radios = fieldset.querySelectorAll('input[type=radio]');
    if (index > 0 && radios.length) {
      radios[(seed + index) % Math.min(radios.length, 5)].checked = true;
    }
  });
}
"""
QUOTES = [
    "De pleegzorgbegeleider belt altijd terug binnen een dag.",
    "Ik wil vaker horen hoe het met de ouders gaat.",
    "Het overleg tussen gemeente en pleegzorg kan beter.",
    "Soms weet ik niet bij wie ik terecht kan.",
]


@dataclass(frozen=True)
class Respondent:
    role: str
    full: bool = False  # every page, not the short way
    resume: bool = False  # saves halfway, carries on on another device
    quote: str = ""


def respondents() -> list[Respondent]:
    """Thirty people: 28 adults in four roles, two children."""
    people = [Respondent("pleegkind", full=True, quote=QUOTES[3])]
    people.append(Respondent("eigen_kind", full=True))
    people.append(Respondent("pleegouder", full=True, resume=True, quote=QUOTES[0]))
    counts = {"pleegouder": 6, "ouder": 7, "professional": 7, "beleidsmaker": 7}

    for role, count in counts.items():
        for index in range(count):
            people.append(
                Respondent(
                    role,
                    resume=index == 1,
                    quote=QUOTES[(index + len(role)) % 3] if index < 2 else "",
                )
            )
    return people


def _answer_page(page, seed: int, quote: str) -> None:
    first = page.locator("fieldset.question").first
    if first.count():
        first.locator("label").nth(seed % 3).click()
    page.evaluate(ANSWER_PAGE, seed)
    textareas = page.locator("textarea")
    if quote and textareas.count():
        textareas.first.fill(quote)


def _next(page) -> None:
    with page.expect_navigation():
        page.locator("button[name=action][value=next]").click()


def one_respondent(
    j: Journey, public_token: str, person: Respondent, seed: int, device=None
):
    """Answer on a phone; ``device``: a phone several people use in turn."""
    child = person.role in {"pleegkind", "eigen_kind"}
    variant = "child" if child else "adult"
    page = device.new_page() if device else j.page(phone=True)
    if child:
        # Children start at the shared link and choose their role first.
        j.visit(page, reverse("surveys:start", kwargs={"public_token": public_token}))
        page.locator(f"main a[href*='/{person.role}/']").click()
    else:
        j.visit(
            page,
            reverse(
                "surveys:start_role",
                kwargs={"public_token": public_token, "role": person.role},
            ),
        )
    page.wait_for_load_state()
    j.check(page, variant=variant)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/stap/0/$"))
    j.check(page, variant=f"{variant}-context")
    select = page.locator("main select")
    if select.count():
        select.first.select_option(index=1 + seed % 2)
    if child:
        page.locator("main input[type=radio]").nth(seed % 2 + 1).check()
    _next(page)
    page.wait_for_url(re.compile(r"/stap/1/$"))
    j.check(page, variant=variant)
    _answer_page(page, seed, person.quote)
    token_match = re.search(r"/vragenlijst/([^/]+)/", page.url)
    assert token_match, page.url
    token = token_match.group(1)
    link = page.locator("#resume-link").inner_text().strip()
    _next(page)
    page.wait_for_url(re.compile(r"/stap/2/$"))
    if person.resume:
        # Another device: only the link travels.
        page.context.close()
        page = j.page(phone=True)
        page.goto(link)
        j.switch_language(page)
        page.wait_for_url(re.compile(r"/stap/2/$"))
    if person.full:
        while "/stap/" in page.url:
            _answer_page(page, seed, person.quote)
            _next(page)
    else:
        # The short way: one more page, then straight to the summary.
        _answer_page(page, seed, "")
        _next(page)
        page.goto(j.url(reverse("surveys:submit", kwargs={"token": token})))
    assert page.url.endswith("/versturen/"), page.url
    j.check(page, variant=variant)
    submit = page.locator("main form button[type=submit]")
    assert submit.count(), (person, page.url, page.locator("main").inner_text())
    submit.first.click()
    page.wait_for_url(re.compile(r"/bedankt/$"))
    j.check(page, variant=variant)
    if device:
        page.close()
    else:
        page.context.close()


def everyone_answers(j: Journey, trajectory) -> None:
    people = respondents()
    # Those who take the short way hand one phone per role around: the
    # browser keeps its static files, the survey cookie goes at "Versturen".
    shared = {}
    for seed, person in enumerate(people):
        device = None
        if not (person.full or person.resume):
            if person.role not in shared:
                shared[person.role] = j.device(phone=True)
            device = shared[person.role]
        one_respondent(j, trajectory.public_token, person, seed, device)
    stored = Response.objects.filter(questionnaire__trajectory=trajectory)
    assert stored.count() == len(people)
    assert set(stored.values_list("role", flat=True)) == {
        "pleegouder",
        "pleegkind",
        "eigen_kind",
        "ouder",
        "professional",
        "beleidsmaker",
    }
