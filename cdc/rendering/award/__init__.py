"""The award's documents: the award report and one draft letter per bidder (``cdc award``).

Enters: an :class:`~cdc.scoring.award.Award` (a score report and the buyer's decisions). Leaves:
the award report a committee signs (procedure, bids, eliminations and their reasons, the method
as published, the scores, the sensitivity in plain words, the warnings and the buyer's answers,
the proposed winner, the decisions still to take) and the letters — award, rejection with the
winner's relative advantages, elimination with its rule — in Markdown, HTML, PDF and DOCX,
through the same templates, tree and writers as every cdc document.
"""

from cdc.rendering.award.context import AwardContext, LetterView, award_context
from cdc.rendering.award.documents import (
    AWARD_FORMATS,
    AwardDocuments,
    award_documents,
    award_targets,
    render_award_documents,
    vendor_slug,
)

__all__ = [
    "AWARD_FORMATS",
    "AwardContext",
    "AwardDocuments",
    "LetterView",
    "award_context",
    "award_documents",
    "award_targets",
    "render_award_documents",
    "vendor_slug",
]
