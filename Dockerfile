# The coach as a container: slim Python, a non-root user, the database on a volume.
#   docker build -t lunge-coach .
#   docker run -e TELEGRAM_BOT_TOKEN=... -v coach-data:/data lunge-coach
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DATABASE_URL=sqlite:////data/coach.sqlite3 \
    CACHE_DIR=/data/cache

WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY bot ./bot
COPY content ./content
RUN pip install -c constraints.txt . \
    && useradd --create-home --uid 10001 coach \
    && mkdir -p /data \
    && chown coach:coach /data

USER coach
VOLUME ["/data"]
ENV CONTENT_DIR=/app/content
CMD ["python", "-m", "bot", "run"]
