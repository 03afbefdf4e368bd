"""The score report's documents: a computed ranking presented for a committee and a court.

Enters: a :class:`cdc.scoring.report.ScoreReport`. Leaves: its typed template context
(:mod:`.context`), the words of the engine's messages in the report's language
(:mod:`.wording`), SVG charts (:mod:`.charts`), the XLSX workbook (:mod:`.xlsx`) and the
Markdown/HTML/PDF files (:mod:`.documents`), through the same templates, document tree and
writers as the specification. Nothing here changes a figure: every number comes from
:mod:`cdc.scoring`.
"""
