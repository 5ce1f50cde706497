"""Check: the whole graph, before a single page is written.

Every problem is collected (never the first one only) with the file and line
of the YAML that is wrong and a hint on how to fix it. The result also carries
what later stages need: each source's text and where each quote was found.
`check` runs the checks of each area in turn: ids and references (idchecks),
archived sources (sourcechecks), quotes (quotechecks), values (valuechecks),
geography (geochecks), references in text (refs), analytic hygiene (hygiene).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportgen.data import hygiene, refs
from reportgen.data.diagnostics import Diagnostics
from reportgen.data.geochecks import check_geography
from reportgen.data.idchecks import check_ids, check_references, check_reserved_ids
from reportgen.data.loader import Investigation
from reportgen.data.quotechecks import check_quotes
from reportgen.data.sourcechecks import check_sources
from reportgen.data.archivedtext import ArchivedText
from reportgen.data.textmatch import Match
from reportgen.data.valuechecks import (check_aspects, check_assessments, check_dates, check_events,
                                        check_quantities, check_vocabulary)


@dataclass
class Checked:
    """The investigation plus what checking learnt about it."""

    inv: Investigation
    archives: dict[str, ArchivedText] = field(default_factory=dict)
    matches: dict[str, Match] = field(default_factory=dict)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)

    def summary(self) -> dict[str, int]:
        inv = self.inv
        return {
            "sources": len(inv.sources),
            "quotes verified": len(self.matches),
            "actors": len(inv.actors),
            "places": len(inv.places),
            "events": len(inv.events),
            "claims": len(inv.claims),
            "discrepancies": len(inv.discrepancies),
            "assessments": len(inv.assessments),
        }


def check(inv: Investigation) -> Checked:
    result = Checked(inv)
    d = result.diagnostics
    ids = check_ids(inv, d)
    check_reserved_ids(inv, d)
    check_sources(inv, result)
    check_quotes(inv, result)
    check_references(inv, result, ids)
    check_dates(inv, d)
    check_quantities(inv, d)
    check_aspects(inv, d)
    check_geography(inv, d)
    check_events(inv, d)
    check_vocabulary(inv, d)
    check_assessments(inv, d)
    refs.check(inv, d, ids)  # references in text, ids shown as text
    hygiene.check(inv, result, d, ids)  # analytic hygiene: ACH, figures, outcomes, hedges, views
    for archive in result.archives.values():  # what a quote found in the wrong source made again
        archive.forget_normalised()
    return result
