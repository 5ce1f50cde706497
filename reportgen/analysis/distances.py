"""Distances: every claim of a length, normalised to km; how close each approach came; the zone's radii.

A claim whose subject names a radius is a radius of the deconfliction zone; a place's
curated `radius_km` is one too. The approaches are the length claims about an event (a
strike, a convoy's approach).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# The rows the brief reads carry the figure as written and who says so, until the brief
# takes them from the views.
from reportgen.views.formats import quantity_text
from reportgen.views.labels import claimant_name

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.analysis import Analysis


def length_claims(a: "Analysis") -> list[dict]:
    """Claims with a length, normalised to km; `radius` marks a zone's radius (a claim whose
    subject names a radius). Zones with a curated `radius_km` come from `zone_radii`."""
    out = []
    for cs in a.claim_status.values():
        if not cs.normalised or cs.normalised[2] != "km":
            continue
        claim = cs.claim
        out.append({
            "claim": claim,
            "status": cs.status,
            "km": cs.normalised[0],
            "km_max": cs.normalised[1],
            "as_written": quantity_text(cs),
            "claimant": claimant_name(a.inv, claim),
            "radius": "radius" in claim.subject,
            "qualifier": claim.quantity.qualifier,
        })
    return sorted(out, key=lambda r: (r["radius"], r["claim"].subject, r["km"], r["claim"].id))


def approach_claims(a: "Analysis") -> list[dict]:
    """Length claims about how close something came in an incident: those `about` an event
    (a strike, a convoy's approach). Without any, every length claim that is not a radius."""
    rows = [r for r in length_claims(a) if not r["radius"]]
    approaches = [r for r in rows if any(x in a.inv.event_by_id for x in r["claim"].about)]
    return approaches or rows


def zone_radii(a: "Analysis") -> list[dict]:
    """Zone radii: places with `radius_km`, then radius claims, in km."""
    out = [{"label": f"{p.name} (the report's radius)", "km": p.radius_km, "source": "curated", "place": p,
            "as_written": f"{p.radius_km:g} km"}
           for p in a.inv.places if p.radius_km]
    out += [{"label": f"radius as reported by {r['claimant']}", "km": r["km"], "source": r["claimant"],
             "claim": r["claim"], "as_written": r["as_written"]}
            for r in length_claims(a) if r["radius"]]
    return out
