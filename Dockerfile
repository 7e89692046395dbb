# Production image for web (gunicorn) and worker (Celery); see docker-compose.yml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint needs HarfBuzz's subsetter, Pango and a font; gettext compiles
# the English catalogue.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libharfbuzz-subset0 fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so code changes do not reinstall them.
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .

# Static files and translations are built into the image. collectstatic needs
# production settings, whose secrets are only placeholders at build time.
RUN DJANGO_PRODUCTION=1 \
    DJANGO_SECRET_KEY=build-only-placeholder-never-used-at-runtime \
    DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput -v0 \
    && python manage.py compilemessages --ignore=.venv -v0

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin app \
    && mkdir -p /app/media /app/private \
    && chown app /app/media /app/private
USER app

EXPOSE 8000
CMD ["gunicorn", "goedgesprek.wsgi", "-w", "2", "-b", "0.0.0.0:8000"]
