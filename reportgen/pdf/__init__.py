"""The PDF brief: the analysed investigation -> a printed brief people read without the site.

brief.py is the entry point (render, build_pdf, the file's name). The others each do one job:
view.py and sections.py decide what the print template shows, footnotes.py turns citations
into footnotes, metadata.py says what the PDF says about itself, figures.py embeds the site's
charts and maps, template.py renders templates/brief/ to HTML, and printing.py, offline.py and
fetcher.py print that HTML with WeasyPrint, offline.
"""

from reportgen.errors import StageError


class BriefError(StageError):
    """The brief could not be printed; `messages` say why. Nothing is written."""
