"""``pdf_render`` and ``plan_page``: the action plan's figures for ``make bench``.

Both run in-process against the benchmark database: a plan of 5 topics and
30 actions on a trajectory with survey answers (so the PDF has its charts)
and 20 reviewed quotes.

* ``pdf_render``: the publish request (which only queues the PDF) timed in
  process; the render itself in a forked child, timed, with the child's peak
  memory (its maximum resident set); the same version rendered again (must
  cost nothing); and the PDF read back with pypdf (``correct``).
* ``plan_page``: the SQL statements of the plan page with 5 and with 30
  actions, which must be equal.
"""

from __future__ import annotations

import io
import multiprocessing
import resource
import time

PDF_GOAL_S = 5.0
REQUEST_GOAL_MS = 200.0
QUOTES = 20


def _approve_quotes(questionnaire, count: int) -> int:
    from surveys.models import OpenAnswerReview
    from surveys.review.selectors import open_answers

    answers = list(
        open_answers(questionnaire=questionnaire)
        .exclude(text="")
        .filter(review__isnull=True)
        .order_by("pk")[:count]
    )
    OpenAnswerReview.objects.bulk_create(
        OpenAnswerReview(answer=a, status=OpenAnswerReview.Status.APPROVED)
        for a in answers
    )
    return len(answers)


def _render_in_child(version_id: int, queue) -> None:
    from django.db import connection

    connection.close()
    from actionplans.pdf.service import plan_version_render_pdf

    started = time.perf_counter()
    result = plan_version_render_pdf(version_id=version_id)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    connection.close()
    queue.put({"result": result, "seconds": seconds, "peak_kb": peak_kb})


def _read_back(version) -> dict:
    from pypdf import PdfReader

    version.refresh_from_db()
    with version.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    root = reader.trailer["/Root"]
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    snapshot = version.snapshot
    topics = [t["title"] for t in snapshot["topics"]]
    actions = [a["how"] for t in snapshot["topics"] for a in t["actions"]]
    checks = {
        "title": bool(reader.metadata.title),  # type: ignore[union-attr]
        "lang": str(root.get("/Lang", "")).startswith("nl"),  # type: ignore[attr-defined]
        "tagged": "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"]),  # type: ignore[index,operator]
        "bookmarks": all(t in titles for t in topics),
        "topics": all(t in text for t in topics),
        "actions": all(a in text for a in actions),
    }
    return {"pages": len(reader.pages), "checks": checks}


def plan_benches(
    *, client, probe_page, create_trajectory, writer_class, log
) -> list[dict]:
    """Build the plan, measure, and return the two JSON lines."""
    import tempfile

    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from actionplans.models import PlanVersion
    from demo.plan_data import seed_plan

    settings.PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="goedgesprek-bench-pdf-")

    trajectory, questionnaire = create_trajectory("Benchmark actieplan")
    writer_class(questionnaire, trajectory).add(300)
    quotes = _approve_quotes(questionnaire, QUOTES)

    # plan_page at two sizes: 5 actions, then 30 on another trajectory.
    small_trajectory, _q = create_trajectory("Benchmark actieplan klein")
    seed_plan(trajectory=small_trajectory, topics=5, actions=5, second_version=False)
    plan = seed_plan(trajectory=trajectory, topics=5, actions=30, second_version=False)
    small = probe_page(
        client,
        reverse("actionplans:plan", kwargs={"pk": small_trajectory.pk}),
        "actie-",
    )
    large = probe_page(
        client, reverse("actionplans:plan", kwargs={"pk": trajectory.pk}), "actie-"
    )

    # The publish request: a change, then POST; it only queues the PDF.
    from actionplans import services

    action = plan.plan_topics.first().actions.first()  # type: ignore[union-attr]
    services.progress_note_add(
        action=action,  # type: ignore[arg-type]
        text="Gestart",
        author_name="Benchmark",
        status="in_progress",  # type: ignore[arg-type]
    )
    publish = reverse("actionplans:publish", kwargs={"pk": trajectory.pk})
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.post(publish)
        request_ms = 1000 * (time.perf_counter() - started)
    version = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
    log(
        f"plan: publish answered {response.status_code} in {request_ms:.0f} ms "
        f"({len(queries)} statements); rendering version {version.number}"  # type: ignore[union-attr]
    )

    connection.close()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_render_in_child, args=(version.pk, queue))  # type: ignore[union-attr]
    child.start()
    rendered = queue.get(timeout=600)
    child.join(timeout=60)

    started = time.perf_counter()
    from actionplans.pdf.service import plan_version_render_pdf

    again = plan_version_render_pdf(version_id=version.pk)  # type: ignore[union-attr]
    again_ms = 1000 * (time.perf_counter() - started)
    read = _read_back(version)
    correct = (
        rendered["result"].get("rendered") is True
        and again.get("rendered") is False
        and all(read["checks"].values())
        and response.status_code == 302
    )
    render_s = round(rendered["seconds"], 2)
    return [
        {
            "bench": "pdf_render",
            "topics": 5,
            "actions": 30,
            "quotes": quotes,
            "render_s": render_s,
            "peak_mb": round(rendered["peak_kb"] / 1024, 1),
            "request_ms": round(request_ms, 1),
            "request_sql_statements": len(queries),
            "again_ms": round(again_ms, 1),
            "pages": read["pages"],
            "checks": read["checks"],
            "goal_render_s": PDF_GOAL_S,
            "goal_request_ms": REQUEST_GOAL_MS,
            "met": correct and render_s < PDF_GOAL_S and request_ms < REQUEST_GOAL_MS,
            "correct": correct,
        },
        {
            "bench": "plan_page",
            "actions_small": 5,
            "actions_large": 30,
            "sql_statements": large["sql_statements"],
            "sql_statements_small": small["sql_statements"],
            "constant": small["sql_statements"] == large["sql_statements"],
            "inprocess_ms": large["inprocess_ms"],
            "sql": large["sql"],
            "correct": small["sql_statements"] == large["sql_statements"],
        },
    ]
