# The audit app for a self-hosted server: see DEPLOY.md.
#   docker build -t sales-audit .
#   docker run -p 8501:8501 -e AUDIT_PASSWORD=... sales-audit
# No volume: every session's uploads live in its own temporary folder inside the container and are
# removed when the session ends; nothing is meant to outlive the container.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=131072 \
    STREAMLIT_SERVER_HEADLESS=true \
    STREAMLIT_SERVER_FILE_WATCHER_TYPE=none \
    STREAMLIT_SERVER_ADDRESS=0.0.0.0 \
    STREAMLIT_SERVER_PORT=8501

RUN useradd --create-home --uid 10001 audit
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY --chown=root:root . .
# PYTHONDONTWRITEBYTECODE and a read-only /app would make every command-line run compile the app and
# parse its texts again: both are done once here, at build time.
RUN python -m compileall -q audits pages app.py && python -c "from audits.i18n import catalogue; catalogue()"

# The app's files stay owned by root and read-only for the user that runs it.
USER audit
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status != 200)"
CMD ["streamlit", "run", "app.py"]
