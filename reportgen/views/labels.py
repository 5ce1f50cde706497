"""Labels a reader sees for a citation ("Loveluck ¶4"), shared by the site and the data exports."""

from __future__ import annotations

from reportgen.analysis import Analysis, ResolvedCitation, source_label


def citation_label(analysis: Analysis, resolved: ResolvedCitation) -> str:
    """The source's short label, and the paragraph when the citation names one."""
    short = source_label(analysis, resolved.source_id)
    return f"{short} ¶{resolved.paragraph}" if resolved.paragraph else short
