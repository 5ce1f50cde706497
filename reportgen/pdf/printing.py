"""HTML -> PDF with WeasyPrint: offline, with the embedded fonts, failing on any error it logs.

WeasyPrint only logs a resource it could not load and prints on without it; a brief with
a hole in it must never be written, so every ERROR it logs, and every fetch the fetcher
refused, raises BriefError instead. WeasyPrint is used through its public API only.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator, Optional

from reportgen.logs import captured
from reportgen.pdf import BriefError
from reportgen.pdf.offline import HINT_LOCAL, TEMPLATES, font_css

if TYPE_CHECKING:  # pragma: no cover
    from reportgen.pdf.fetcher import OfflineFetcher

PDF_VARIANT = "pdf/ua-1"  # tagged PDF for screen readers (checked: structure tree, alt text, language)


def print_html(html: str, *, fetcher: Optional["OfflineFetcher"] = None,
               pdf_variant: Optional[str] = PDF_VARIANT) -> tuple[bytes, int, list[str]]:
    """HTML -> (PDF bytes, page count, WeasyPrint's warnings). Relative URLs resolve under
    templates/brief/. Raises BriefError with every problem; nothing half-printed is returned."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    from reportgen.pdf.fetcher import OfflineFetcher

    fetcher = fetcher or OfflineFetcher.for_brief()
    fonts = font_css()
    fatal = ""
    try:
        with captured("weasyprint") as log, collector_paused():
            font_config = FontConfiguration()
            base_url = TEMPLATES.as_uri() + "/"
            document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
            stylesheets = [weasyprint.CSS(string=fonts, url_fetcher=fetcher, base_url=base_url,
                                          font_config=font_config)]
            rendered = document.render(font_config=font_config, stylesheets=stylesheets, pdf_variant=pdf_variant)
            pdf = rendered.write_pdf(pdf_variant=pdf_variant, pdf_identifier=True)
            page_count = len(rendered.pages)
            del font_config, document, stylesheets, rendered  # garbage for the collection ending the render
    except FatalURLFetchingError as exc:
        fatal = f"{exc.__cause__ or exc}"  # raised below: its traceback would keep the render alive
    finally:
        # WeasyPrint's font configuration keeps the @font-face fonts in a weasyprint-* folder of
        # the temporary directory until it is collected, and a render's objects are cyclic: let
        # go of them and collect them now, so no build, failed or not, leaves that folder behind.
        font_config = document = stylesheets = rendered = None  # noqa: F841
        gc.collect()
    if fatal:
        raise BriefError([f"error: PDF brief: {fatal}", HINT_LOCAL])
    problems = list(dict.fromkeys(log.first_lines(errors=True)))
    problems += [f"refused to fetch {url!r}" for url in fetcher.refused if not any(url in p for p in problems)]
    if problems:
        raise BriefError([f"error: PDF brief: {p}" for p in problems] + [HINT_LOCAL])
    return pdf, page_count, log.first_lines(errors=False)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while WeasyPrint renders, then run once.

    A render makes a few hundred thousand objects that live until it ends, nearly all in
    reference cycles; walking them again and again during the render finds nothing to free.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
            gc.collect()
