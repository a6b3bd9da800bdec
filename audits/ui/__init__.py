"""The Streamlit layer: session state accessors, the page frame and shared widgets.

The only part of `audits` that imports Streamlit (tests/test_ui_boundary.py enforces it).
"""
