#!/usr/bin/env bash
# Rebuild static/css/survey-bootstrap.min.css: the part of Bootstrap that the
# respondent's pages use (PurgeCSS over their templates and form classes).
# Run after changing templates/surveys/respond/ or the survey forms; the test
# tests/test_survey_weight.py fails when a page uses a Bootstrap class that
# the subset lacks. Needs Node.js; PurgeCSS comes from the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."
# PYTHON: the project's interpreter (a worktree borrows the main checkout's).
python=${PYTHON:-.venv/bin/python}
bootstrap_css=$("$python" -c 'import bootstrap, pathlib; print(pathlib.Path(bootstrap.__file__).parent / "static/bootstrap/css/bootstrap.min.css")')
# Django's widgets write the input types (radio, checkbox) that Bootstrap's
# attribute selectors match.
django_widgets=$("$python" -c 'import django.forms.widgets as w; print(w.__file__)')
out=$(mktemp -d)
npx --yes purgecss@6 \
  --css "$bootstrap_css" \
  --content 'templates/surveys/respond/*.html' templates/base.html \
    templates/includes/messages.html surveys/forms.py 'surveys/respond/*.py' \
    'surveys/templatetags/*.py' \
    "$django_widgets" \
  --safelist '/^alert-/' \
  --output "$out/"
mv "$out/bootstrap.min.css" static/css/survey-bootstrap.min.css
rmdir "$out"
wc -c static/css/survey-bootstrap.min.css
