"""Vendors' responses and evaluators' notes, read as hostile files and checked against the project.

Enters: response files (an XLSX grid filled in Excel or LibreOffice, or YAML) and notes files
(YAML or the XLSX evaluation grid), with the validated project. Leaves: for each file, a
:class:`cdc.model.responses.Response` or :class:`~cdc.model.responses.EvaluatorNotes`, or its
located findings (:func:`cdc.reading.responses.read.read_inputs`).

A workbook is opened through its relationships with size and entity limits
(:mod:`._xlsx_zip`, :mod:`._xlsx_package`), its cells read as Excel shows them
(:mod:`._xlsx_values`), and the layout it is read with comes from the project
(:mod:`cdc.grid.layout`), never from the file: the hidden sheet only says which version was
answered (:mod:`cdc.grid.fingerprint`).
"""
