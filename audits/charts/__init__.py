"""Altair charts built from an AuditResult (pure: data in, chart out), shared by the pages and the
report. No Streamlit here."""
