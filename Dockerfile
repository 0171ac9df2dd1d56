# Production image: gunicorn + whitenoise; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=trygghet.settings.production

RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
      libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2 gettext \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY trygghet ./trygghet
COPY councils ./councils
COPY lagesbild ./lagesbild
COPY measures ./measures
COPY budget ./budget
RUN pip install .
COPY . .
RUN DJANGO_SECRET_KEY=collectstatic-only DATABASE_URL=postgres://collectstatic@127.0.0.1/none \
    DJANGO_ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
 && useradd --system --uid 1000 trygghet && mkdir -p /app/media && chown trygghet /app/media
USER trygghet
EXPOSE 8000
# Workers and timeouts: gunicorn.conf.py (the same in the benchmark).
CMD ["gunicorn", "trygghet.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
