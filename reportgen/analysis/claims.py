"""Each claim's status from the evidence: confirmed, single-source or disputed.

Corroboration counts independent lines of evidence (citations.evidence_origin). Only a
contradiction makes claims disputed (those its resolution does not uphold); the figures of
a compatible discrepancy that agree within its tolerance corroborate each other. Each
quantity is normalised to its base unit so figures in miles and km compare.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Optional

from reportgen.analysis.citations import evidence_origin
from reportgen.data import hygiene, units
from reportgen.data.checks import Checked
from reportgen.data.model import Claim


@dataclass
class ClaimStatus:
    claim: Claim
    lines: list[str]  # independent lines of evidence (origins), those of agreeing figures included
    status: str  # "confirmed", "single-source", "disputed"
    discrepancies: list[str]
    normalised: Optional[tuple[float, Optional[float], str]] = None  # (value, max, base unit)
    agrees_with: list[str] = field(default_factory=list)  # claims whose figures corroborate it



def claim_statuses(checked: Checked) -> tuple[dict[str, ClaimStatus], set[str]]:
    """Each claim's status by claim id, and every line of evidence the claims rest on."""
    inv = checked.inv
    in_discrepancy: dict[str, list[str]] = defaultdict(list)
    rejected: set[str] = set()  # claims a contradiction leaves contested (not upheld by its resolution)
    agreeing: dict[str, set[str]] = defaultdict(set)  # claim -> claims whose figures agree with it
    for disc in inv.discrepancies:
        members = [inv.claim_by_id[c] for c in disc.claims if c in inv.claim_by_id]
        for cid in disc.claims:
            in_discrepancy[cid].append(disc.id)
        if disc.outcome == "compatible":
            # Figures that agree corroborate each other; readings that need not conflict stand apart.
            if hygiene.figures_agree(members, disc.tolerance):
                for claim in members:
                    agreeing[claim.id].update(m.id for m in members if m.id != claim.id)
            continue
        for cid in disc.claims:
            if cid not in disc.upheld:
                rejected.add(cid)

    own_lines = {claim.id: sorted({evidence_origin(checked, c) for c in claim.citations}) for claim in inv.claims}
    claim_status = {}
    origins_all: set[str] = set()
    for claim in inv.claims:
        lines = sorted(set(own_lines[claim.id]).union(*(own_lines[o] for o in agreeing.get(claim.id, ()))))
        origins_all.update(own_lines[claim.id])
        if claim.id in rejected:
            status = "disputed"
        elif len(lines) >= 2:
            status = "confirmed"
        else:
            status = "single-source"
        normalised = None
        if claim.quantity and units.lookup(claim.quantity.unit):
            value, base = units.normalise(claim.quantity.value, claim.quantity.unit)
            vmax = units.normalise(claim.quantity.value_max, claim.quantity.unit)[0] \
                if claim.quantity.value_max is not None else None
            normalised = (value, vmax, base)
        claim_status[claim.id] = ClaimStatus(claim, lines, status, in_discrepancy.get(claim.id, []), normalised,
                                             sorted(agreeing.get(claim.id, ())))
    return claim_status, origins_all
