"""What the brief may read while it prints: its own templates, data: URLs and the fonts it embeds.

pdf/fetcher.py's `OfflineFetcher` serves those and refuses everything else (http, https,
other files), so the brief never fetches from the network and never picks up a file by
accident. The fonts are Debian's, installed by scripts/setup.sh, never fetched.
"""

from __future__ import annotations

from pathlib import Path

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
