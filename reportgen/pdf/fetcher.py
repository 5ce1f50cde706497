"""The URL fetcher WeasyPrint prints the brief with: local files it may read, nothing else.

A subclass of WeasyPrint's `URLFetcher`, as its documentation describes: built with
`fail_on_errors=True`, so a refused fetch stops the render instead of leaving a hole, and
with its `fetch` serving data: URLs (through WeasyPrint's own), files under `roots` and the
exact `files`; anything else (http, https, other files) is refused and recorded. This module
imports WeasyPrint, so it is imported only when a brief is printed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from reportgen.pdf.offline import TEMPLATES, font_paths


class OfflineFetcher(URLFetcher):
    """Serves data: URLs, files inside `roots` and the exact files in `files`; every refusal is
    recorded in `refused` and stops the rendering, every fetch in `fetched`."""

    def __init__(self, roots: list[Path], files: set[Path] = frozenset()):
        super().__init__(allowed_protocols={"data"}, fail_on_errors=True)
        self.roots = [r.resolve() for r in roots]
        self.files = {f.resolve() for f in files}
        self.refused: list[str] = []
        self.fetched: list[str] = []

    @classmethod
    def for_brief(cls) -> "OfflineFetcher":
        """The brief's own: templates/brief/ and the embedded fonts."""
        return cls([TEMPLATES], font_paths())

    def allows(self, url: str) -> Optional[Path]:
        """The local path `url` stands for if it may be read, else None (data: -> None too)."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(url2pathname(parts.path)).resolve()
        if path in self.files or any(path.is_relative_to(root) for root in self.roots):
            return path
        return None

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            self.fetched.append("data:")
            return super().fetch(url, headers)
        path = self.allows(url)
        if path is None:
            self.refused.append(url)
            raise PermissionError(f"refused to fetch {url!r}: the brief is built offline from local files only")
        if not path.is_file():
            raise FileNotFoundError(f"{path} does not exist")
        self.fetched.append(str(path))
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _content_type(path)})


def _content_type(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png",
            ".ttf": "font/ttf", ".otf": "font/otf", ".html": "text/html"}.get(path.suffix.lower(),
                                                                           "application/octet-stream")
