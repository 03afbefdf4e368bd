"""Rendering: project → typed context → templates (words) → document tree → writers.

Public entry point: :func:`cdc.rendering.api.render_project`. Heavy writers (python-docx,
WeasyPrint, openpyxl) are imported only when their format is asked for.
"""
