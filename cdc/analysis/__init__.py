"""Figures derived from a validated project, for every stage that needs the same numbers.

Enters: a :class:`cdc.model.Project`. Leaves: weights down the criteria tree, channel shares,
requirements grouped by section, the RACI grid (:mod:`cdc.analysis.figures`). Pure functions
of the model: the documents vendors read and the scoring that judges them compute nothing
twice, so they cannot disagree.
"""
