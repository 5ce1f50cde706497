"""What the brief may read while it prints: its own templates, data: URLs and the fonts it embeds.

WeasyPrint gets `OfflineFetcher`, which serves those and refuses everything else (http,
https, other files), so the brief never fetches from the network and never picks up a
file by accident. The fonts are Debian's, installed by scripts/setup.sh, never fetched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit
from urllib.request import url2pathname

from reportgen.paths import TEMPLATES as TEMPLATE_ROOT
from reportgen.pdf import BriefError

TEMPLATES = TEMPLATE_ROOT / "brief"

HINT_LOCAL = ("hint: the brief may only use files under templates/brief/, data: URLs and the embedded "
              "Debian fonts; nothing is fetched from the network")

# Liberation 2 (fonts-liberation2) for text, DejaVu Sans (fonts-dejavu-core) for any glyph
# Liberation lacks: family -> (weight, style, file).
_LIBERATION = Path("/usr/share/fonts/truetype/liberation2")
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES: dict[str, list[tuple[str, str, Path]]] = {
    "Brief Serif": [
        ("normal", "normal", _LIBERATION / "LiberationSerif-Regular.ttf"),
        ("bold", "normal", _LIBERATION / "LiberationSerif-Bold.ttf"),
        ("normal", "italic", _LIBERATION / "LiberationSerif-Italic.ttf"),
        ("bold", "italic", _LIBERATION / "LiberationSerif-BoldItalic.ttf"),
    ],
    "Brief Sans": [
        ("normal", "normal", _LIBERATION / "LiberationSans-Regular.ttf"),
        ("bold", "normal", _LIBERATION / "LiberationSans-Bold.ttf"),
        ("normal", "italic", _LIBERATION / "LiberationSans-Italic.ttf"),
        ("bold", "italic", _LIBERATION / "LiberationSans-BoldItalic.ttf"),
    ],
    "Brief Mono": [
        ("normal", "normal", _LIBERATION / "LiberationMono-Regular.ttf"),
        ("bold", "normal", _LIBERATION / "LiberationMono-Bold.ttf"),
    ],
    "Brief Fallback": [
        ("normal", "normal", _DEJAVU / "DejaVuSans.ttf"),
        ("bold", "normal", _DEJAVU / "DejaVuSans-Bold.ttf"),
    ],
}


def font_paths() -> set[Path]:
    return {p for faces in FONT_FILES.values() for _, _, p in faces}


def font_css() -> str:
    """@font-face rules for the embedded fonts (file:// URLs the fetcher allows)."""
    missing = [str(p) for faces in FONT_FILES.values() for _, _, p in faces if not p.is_file()]
    if missing:
        raise BriefError([f"error: font file {m} is missing" for m in missing]
                         + ["hint: run `make setup` (installs fonts-liberation2 and fonts-dejavu-core)"])
    rules = []
    for family, faces in FONT_FILES.items():
        for weight, style, path in faces:
            rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                         f'font-style: {style}; src: url("{path.as_uri()}"); }}')
    return "\n".join(rules)


class OfflineFetcher:
    """WeasyPrint URL fetcher that never touches the network.

    Serves data: URLs, files inside `roots` and the exact files in `files`; refuses
    everything else. Every refusal is recorded in `refused` and stops the rendering.
    """

    def __init__(self, roots: list[Path], files: set[Path] = frozenset()):
        from weasyprint.urls import URLFetcher

        self._inner = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
        self._fail_on_errors = True  # read by weasyprint.urls.fetch: a refusal is fatal
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

    def __call__(self, url: str, headers=None):
        from weasyprint.urls import URLFetcherResponse

        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            self.fetched.append("data:")
            return self._inner.fetch(url, headers)
        path = self.allows(url)
        if path is None:
            self.refused.append(url)
            raise PermissionError(f"refused to fetch {url!r}: the brief is built offline from local files only")
        if not path.is_file():
            raise FileNotFoundError(f"{path} does not exist")
        self.fetched.append(str(path))
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _content_type(path)})

    fetch = __call__


def _content_type(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png",
            ".ttf": "font/ttf", ".otf": "font/otf", ".html": "text/html"}.get(path.suffix.lower(),
                                                                           "application/octet-stream")
