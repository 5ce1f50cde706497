"""Problems found in the data, reported all at once as `path:line:col: error: message`."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

from reportgen.data.model import Origin


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: str = "error"  # or "warning"
    detail: tuple[str, ...] = ()

    def format(self) -> str:
        text = f"{_shown(self.file)}:{self.line}:{self.column}: {self.severity}: {_shown(self.message)}"
        for extra in self.detail:
            text += f"\n    {_shown(extra)}"
        if self.hint:
            text += f"\n    hint: {_shown(self.hint)}"
        return text

    def shown(self) -> dict:
        """The parts of `format()`, each made showable the same way, for a reader other than a terminal."""
        return {"where": f"{_shown(self.file)}:{self.line}:{self.column}", "severity": self.severity,
                "message": _shown(self.message), "detail": [_shown(extra) for extra in self.detail],
                "hint": _shown(self.hint)}


# Untrusted text (a key, a passage of a source, a file name) is quoted in
# messages; written raw, an escape sequence would drive the terminal and a
# newline could fake another diagnostic. Such characters are shown escaped.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff\ud800-\udfff]")


def _shown(text: str) -> str:
    return _UNSHOWABLE.sub(lambda mo: mo.group().encode("unicode_escape").decode("ascii"), str(text))


@dataclass
class Diagnostics:
    items: list[Diagnostic] = field(default_factory=list)

    def error(self, where: Optional[Origin], message: str, hint: str = "", detail: Iterable[str] = ()) -> None:
        self._add(where, message, hint, "error", detail)

    def warning(self, where: Optional[Origin], message: str, hint: str = "", detail: Iterable[str] = ()) -> None:
        self._add(where, message, hint, "warning", detail)

    def _add(self, where, message, hint, severity, detail) -> None:
        file, line, column = ("<data>", 1, 1) if where is None else (where.file, where.line, where.column)
        self.items.append(Diagnostic(file, line, column, message, hint, severity, tuple(detail)))

    def extend(self, other: "Diagnostics") -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.file, d.line, d.column, d.message))

    def __bool__(self) -> bool:
        return bool(self.items)


class DataError(Exception):
    """Raised when the data has errors; the CLI prints them and exits 1."""

    def __init__(self, diagnostics: Diagnostics):
        super().__init__(f"{len(diagnostics.errors)} error(s) in the data")
        self.diagnostics = diagnostics


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""
