"""What each chapter of the brief lists (`rows` in the print template), computed here.

The body's chapters sum up (an incident's ladder as one line, a discrepancy as its
question, outcome and conclusion, an assessment as its hypotheses and their score); the
annexes list in full (every event, actor, claim, place, source, and each evidence matrix).
Labels, groupings and formats come from the view layer the site uses too.
"""

from __future__ import annotations

from reportgen.analysis import Analysis, ClaimStatus
from reportgen.views import formats, groups, labels, safetext

# The claims annex: a claim not already shown under a discrepancy, by status. The brief's own
# anchors hold an underscore, so no record id (a slug) can take one of them.
STATUS_GROUPS = (
    ("confirmed", "claims_corroborated", "Corroborated by independent sources"),
    ("single-source", "claims_single_source", "Single-source claims"),
    ("disputed", "claims_disputed", "Disputed claims"),
)


class Rows:
    """The rows of each chapter; every method returns plain data the template lays out."""

    inferred_note = labels.INFERRED_NOTE
    field_words = staticmethod(labels.field_words)
    tempo_note = labels.TEMPO_NOTE
    outcomes_note = labels.OUTCOMES_NOTE
    left_out_text = staticmethod(labels.left_out_text)
    outcome = staticmethod(labels.outcome_text)

    def __init__(self, analysis: Analysis):
        self.a = analysis
        self.inv = analysis.inv

    # ---- escalation

    def ladders(self) -> list[dict]:
        """Each incident's ladder as one line: the rungs its events climbed, in the order they
        happened (a rung repeated at once said once), its top rung and lowest score."""
        out = []
        for row in self.a.incident_rows():
            rungs: list[str] = []
            for e in row["events"]:
                if e.ladder and (not rungs or rungs[-1] != e.ladder.value):
                    rungs.append(e.ladder.value)
            out.append({**row, "rungs": rungs, "count": len(row["events"])})
        return out

    def tempo(self) -> list[dict]:
        return [{**row, "text": labels.days_text(row)} for row in self.a.tempo]

    def distances(self) -> list[dict]:
        """Every reported length in km (a zone's radius marked as such)."""
        return self.a.length_claims()

    def distance_citations(self) -> list:
        """The citations behind the distances the distance chart draws (the approaches and radii)."""
        shown = {r["claim"].id for r in self.a.approach_claims()} | {
            z["claim"].id for z in self.a.zone_radii() if "claim" in z}
        return [c for r in self.distances() if r["claim"].id in shown for c in r["claim"].citations]

    def zones(self) -> list[dict]:
        return self.a.zone_radii()

    # ---- discrepancies and claims

    def discrepancies(self) -> list[tuple]:
        """Each discrepancy with its claims' rows (claim status, figure, and `anchor`: whether the
        claim is anchored there, on the first of the discrepancies that set it out)."""
        out, anchored = [], set()
        for d in self.inv.discrepancies:
            rows = []
            for cid in d.claims:
                if cid in self.a.claim_status:
                    cs = self.a.claim_status[cid]
                    rows.append({"cs": cs, "figure": formats.quantity_text(cs), "anchor": cid not in anchored})
                    anchored.add(cid)
            out.append((d, rows))
        return out

    def claim_groups(self) -> list[dict]:
        """The claims annex after the discrepancies: each status's claims that no discrepancy
        showed, so that every claim is listed once."""
        shown = {cid for d in self.inv.discrepancies for cid in d.claims}
        out = []
        for status, anchor, title in STATUS_GROUPS:
            claims = [cs for cs in self.a.claims_with_status(status) if cs.claim.id not in shown]
            out.append({"status": status, "anchor": anchor, "title": title, "claims": claims})
        return out

    def claim_counts(self) -> dict[str, int]:
        return {status: len(self.a.claims_with_status(status)) for status, _, _ in STATUS_GROUPS}

    @staticmethod
    def status_words(cs: ClaimStatus) -> str:
        words = labels.status_word(cs.status).replace("-", " ")
        return f"{words}, {len(cs.lines)} lines of evidence" if cs.status == "confirmed" else words

    # ---- competing hypotheses

    def assessments(self) -> list[dict]:
        """Each assessment with its hypotheses' short labels, its ACH matrix, the tally and what
        the matrix cannot tell (with the report's answer)."""
        out = []
        for asmt in self.inv.assessments:
            names = labels.hypothesis_labels(asmt)
            tally = self.a.ach_tally(asmt)
            least = set(self.a.least_refuted(asmt))
            hyps = [{"label": names[h.id], "h": h, "inconsistent": tally[h.id]["inconsistent"],
                     "least": h.id in least,
                     "held_by": [(labels.actor_name(self.inv, x), x) for x in h.held_by]}
                    for h in asmt.hypotheses]
            rows = []
            for item in asmt.evidence:
                cells = []
                for hyp in hyps:
                    rating = item.ratings.get(hyp["h"].id)
                    value = getattr(rating, "value", rating) or "none"
                    cells.append({"symbol": labels.ach_letter(rating), "value": value})
                rows.append({"item": item, "cells": cells})
            words = [{"quote": q, "name": labels.actor_name(self.inv, actor_id), "actor": actor_id}
                     for actor_id, quotes in self.a.analyst_quotes(asmt)
                     for q in quotes if q.speaker == actor_id]
            out.append({"asmt": asmt, "hyps": hyps, "rows": rows, "words": words,
                        "notes": labels.ach_notes(asmt)})
        return out

    # ---- annexes: timeline, actors, places, sources

    def timeline(self) -> list[tuple[str, list[dict]]]:
        """Month -> its events, with what each row shows."""
        out = []
        for month, days in self.a.timeline_groups():
            rows = []
            for _day, events in days:
                for e in events:
                    rows.append({
                        "event": e,
                        "place": self.inv.place_by_id[e.place].name if e.place in self.inv.place_by_id else "",
                        "actors": [(labels.actor_name(self.inv, ea.actor), ea.actor, ea.role.value)
                                   for ea in e.actors],
                        "goldstein": self.a.goldstein.get(e.id),
                        "cameo": self.a.cameo_labels.get(e.id, ""),
                    })
            out.append((month, rows))
        return out

    def actor_groups(self) -> list[tuple[str, list[dict]]]:
        out = []
        for _side_id, side, kinds in groups.actors_by_side(self.a):
            rows = []
            for kind, actors in kinds:
                for actor in actors:
                    rows.append({"actor": actor, "kind": kind, "relations": [
                        (rel.type.value, labels.actor_name(self.inv, rel.target), rel.target, rel.citations, rel.note,
                         labels.relation_qualifier(rel))
                        for rel in actor.relations]})
            out.append((side, rows))
        return out

    def places(self, located: list[dict]) -> list[dict]:
        """Every place, in the data's order: the map's row of a place it locates (`located`:
        coordinates, precision, where on the map), else one from the place's own record."""
        by_id = {row["place"].id: row for row in located}
        out = []
        for place in self.inv.places:
            row = by_id.get(place.id)
            if row is None:
                c = place.coordinates
                row = {"place": place, "mp": None, "lat": f"{c.lat:.3f}" if c else "",
                       "lon": f"{c.lon:.3f}" if c else "", "precision": c.precision.value if c else "",
                       "where": "not drawn" if c else "no coordinates"}
            out.append(row)
        return out

    def sources(self) -> list[dict]:
        out = []
        for s in self.inv.sources:
            cov = self.a.coverage.get(s.id)
            grade_words = labels.grade_words(s.reliability.grade)
            out.append({
                "s": s,
                "cited_as": labels.source_label(self.inv, s.id),
                "title": labels.source_title(s),
                "outlet": labels.source_outlet(s),
                "published": labels.source_date(s),
                "kind": labels.source_kind(s),
                "origin": labels.source_origin(s),
                "reason": labels.reliability_reason(s, grade_words),
                "grade_words": grade_words,
                "url": safetext.safe_url(s.url),
                "archive_url": safetext.safe_url(s.archive_url),
                "coverage": cov.percent if cov else None,
            })
        return out
