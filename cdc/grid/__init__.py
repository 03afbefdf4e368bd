"""The response grid as a contract between cdc and the vendors, shared by its writer and reader.

Enters: a validated project. Leaves: the grid's layout — which sheet, row and column holds
what, and the answer words (:mod:`cdc.grid.layout`); the fingerprints of what vendors answer
and of the evaluation method (:mod:`cdc.grid.fingerprint`); the rules for text in a cell, so
that no user or vendor text becomes a formula (:mod:`cdc.grid.celltext`). The writer
(:mod:`cdc.rendering.xlsx_grid`) and the reader (:mod:`cdc.reading.responses`) both build the
layout from the project, so a vendor's file never decides how it is read.
"""
