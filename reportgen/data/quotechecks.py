"""Quotes: each found verbatim in its source, or an error that shows the closest passage.

A large investigation's quotes are searched for in several processes, each source's quotes
in one (so its text is normalised once); the messages are the same, in the same order.
A quote found in another source than the one it names says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from reportgen import parallel
from reportgen.data.loader import Investigation
from reportgen.data.model import Quote
from reportgen.data.textmatch import Match, Miss, find_quote, locate

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.data.checks import Checked

# Quotes are searched for in several processes once there are this many (each source's
# quotes in one process, so its text is normalised once).
PARALLEL_MIN_QUOTES = 10_000


def check_quotes(inv: Investigation, result: Checked) -> None:
    sources = inv.source_by_id
    found = _search_all(inv, result)
    last_quote = {quote.source: index for index, quote in enumerate(inv.quotes)}
    for index, quote in enumerate(inv.quotes):
        _record_search(quote, found[index] if index in found else _search(quote, sources, result), result)
        archive = result.archives.get(quote.source)
        if archive is not None and last_quote[quote.source] == index:
            archive.forget_normalised()  # its last quote: 40 MB in all at the large size


def _search_all(inv: Investigation, result: Checked) -> dict[int, object]:
    """quote index -> what its search found, for every quote of a large investigation,
    searched for in several processes (a smaller one's are searched for in order, later)."""
    workers = parallel.worker_count(len(inv.quotes), PARALLEL_MIN_QUOTES)
    if workers < 2:
        return {}
    by_source: dict[str, list[int]] = {}
    for index, quote in enumerate(inv.quotes):
        by_source.setdefault(quote.source, []).append(index)
    groups = list(by_source.items())
    sources = inv.source_by_id

    def search_group(group: tuple[str, list[int]]) -> list:
        source_id, indexes = group
        found = [_search(inv.quotes[i], sources, result) for i in indexes]
        archive = result.archives.get(source_id)
        if archive is not None:
            archive.forget_normalised()
        return found

    searched = parallel.map_shared(search_group, groups, workers, chunksize=16,
                                   mine=parallel.my_share([len(g[1]) for g in groups], workers, sent=0.3))
    return {i: found for (_, indexes), results in zip(groups, searched) for i, found in zip(indexes, results)}


def _search(quote: Quote, sources: dict, result: Checked):
    """What searching the quote's source for it finds: a Match, a Miss, or None when there is
    nothing to search (no such source, an unreadable archive) or no words to search for."""
    if quote.source not in sources:
        return None  # reported with the references
    archive = result.archives.get(quote.source)
    if archive is None:
        return None  # the source's own error says why
    if not any(map(str.isalnum, quote.text)):
        return NO_WORDS
    return find_quote(archive, quote.text, quote.paragraph)


NO_WORDS = "no words"


def _record_search(quote: Quote, found, result: Checked) -> None:
    d = result.diagnostics
    if found is None:
        return
    if found == NO_WORDS:  # a string: equal, not identical, once it comes back from a worker
        d.error(quote.field_origin("text"), f"quote `{quote.id}` has no words",
                "quote the words of the source, not only punctuation or spaces")
        return
    if isinstance(found, Match):
        if quote.paragraph is not None and quote.paragraph != found.paragraph:
            d.error(quote.field_origin("paragraph"),
                    f"quote `{quote.id}` is not in paragraph {quote.paragraph} of `{quote.source}`",
                    f"it is in paragraph {found.paragraph}; correct or drop `paragraph:`")
        result.matches[quote.id] = found
        return
    d.error(quote.field_origin("text"), *_miss_message(quote.id, quote.source, found, result, quote.text))


def _miss_message(qid: str, sid: str, miss: Miss, result: Checked, text: str) -> tuple[str, str, list[str]]:
    detail = []
    if miss.piece:
        detail.append(f"the elided piece not found: \"{miss.piece}\"")
    if miss.passage:
        detail.append(f"closest passage (paragraph {miss.paragraph}, {miss.score:.0f}% alike): \"{miss.passage}\"")
    detail.extend(miss.differences[:6])
    hint = "copy the words exactly from the archived text; only quote marks, dashes, ellipses and spacing may differ"
    elsewhere = _found_elsewhere(text, sid, result)
    if elsewhere:
        hint = f"the quote is in source `{elsewhere[0]}` (paragraph {elsewhere[1]}): did you mean `source: {elsewhere[0]}`?"
        detail = []  # the closest passage of the wrong source would only mislead
    return f"quote `{qid}` not found verbatim in source `{sid}`", hint, detail


def _found_elsewhere(text: str, sid: str, result: Checked) -> Optional[tuple[str, int]]:
    for other_id, archive in result.archives.items():
        if other_id == sid:
            continue
        found = locate(archive, text)  # exact and normalised search only: no fuzzy pass per source
        if found is not None:
            return other_id, found.paragraph
    return None
