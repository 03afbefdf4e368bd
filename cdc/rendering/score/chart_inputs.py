"""What the score charts are drawn from: rounded values and every word they print.

Kept apart from the drawing (:mod:`cdc.rendering.score.charts`) so the context code that fills
them (:mod:`cdc.rendering.score.documents`) and the tests read the inputs without the geometry.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


# -- inputs -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Section:
    """A top-level section of the evaluation: its title and the points it is worth."""

    title: str
    max_points: Decimal


@dataclass(frozen=True)
class VendorBar:
    """One vendor's row: section points (rounded, in section order), total, status."""

    vendor: str
    rank: int | None
    status: str  # "ranked", "eliminated" or "not_ranked"
    values: tuple[Decimal, ...]
    total: Decimal


@dataclass(frozen=True)
class ProfileBar:
    """One vendor's section scores as shares (0–100) of each section's maximum."""

    vendor: str
    competing: bool
    shares: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class TippingBar:
    """One criterion: current weight and tipping weight, in percent (0–100)."""

    title: str
    top_level: bool
    weight: Decimal
    tipping: Decimal | None
    new_winner: str | None


@dataclass(frozen=True)
class ChartWords:
    """Every word the charts print, from the ``score.chart`` section of labels.yaml."""

    vendor: str
    total: str
    status: str
    statuses: dict[str, str]
    out_of_ranking: str
    points_axis: str
    totals_title: str
    totals_caption: str
    section: str
    share_axis: str
    max_points: str
    profile_title: str
    profile_caption: str
    criterion: str
    weight: str
    tipping_weight: str
    new_winner: str
    current: str
    tipping: str
    no_tipping: str
    weight_axis: str
    tipping_title: str
    tipping_caption: str

    @classmethod
    def from_labels(cls, chart: dict[str, object]) -> ChartWords:
        """Read the words from ``labels["score"]["chart"]`` (a missing key fails loudly)."""
        values = {name: chart[name] for name in cls.__dataclass_fields__}
        statuses = values.pop("statuses")
        assert isinstance(statuses, dict)
        return cls(
            statuses={str(k): str(v) for k, v in statuses.items()},
            **{k: str(v) for k, v in values.items()},
        )


__all__ = ["ChartWords", "ProfileBar", "Section", "TippingBar", "VendorBar"]
