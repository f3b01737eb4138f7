# syntax=docker/dockerfile:1
# Tradelane as a container image: `docker build -t tradelane .`. Every process of the scale-out set-up runs
# from this image as a `main.py` command (compose.yaml: migrate, api, worker, beat); the default is the API.

# --- builder: the project and its dependencies as wheels ------------------------------------------------
FROM python:3.11-slim AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY . .
RUN pip wheel --wheel-dir /wheels .

# --- runtime: the wheels installed, the sources beside them (alembic.ini, migrations), not root -----------
FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 \
    APP_ENV=production APP_HOST=0.0.0.0 APP_PORT=8000 APP_DATA_DIR=/var/lib/tradelane \
    NICEGUI_STORAGE_PATH=/var/lib/tradelane/console
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels \
    pip install --no-index --find-links /wheels tradelane
RUN useradd --system --uid 10001 --create-home --home-dir /var/lib/tradelane tradelane
WORKDIR /app
COPY . /app
USER tradelane
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('APP_PORT', '8000'), timeout=4)"]
ENTRYPOINT ["python", "main.py"]
CMD ["serve", "--no-worker"]
