"""The preview's rebuilds: one mkdocs build per change, of only the pages that changed
wherever that gives the site a full build would give.

`build_report.py serve` (reportgen/site/serve.py) calls `Preview.rebuild` once for each
change the file watcher reports; saves made while a rebuild runs are taken together by
the next one. A rebuild regenerates the Markdown, writes the files whose content changed
(never into a watched folder, so a rebuild never causes another), then runs mkdocs once.

The build is dirty (mkdocs' `dirty=True`: only pages whose Markdown is newer than their
HTML are rendered again, changed assets copied) when the pages it leaves alone are
provably the same as a full build would make them. A page's HTML is made from its own
Markdown, the site's settings, and the navigation every page shows: its entries and the
titles of the pages in it. So a dirty build needs the same files as the last build (none
added or removed), the same mkdocs.yml, site title and navigation entries, and the same
titles: the pages in the navigation that are not rendered again are given the titles the
last build read from them (a dirty build does not read them), and the titles of the ones
rendered again are compared with the last build's once mkdocs has read them (`on_env`),
before any page is written. Anything else, or any doubt, means a full build. The search
index is merged: the rendered pages' entries take the place of theirs in the last index.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from reportgen.data.diagnostics import DataError, Diagnostic
from reportgen.paths import DEFAULT_DATA
from reportgen.site import mkdocs_build as site
from reportgen.site import overlay
from reportgen.site import files as site_files
from reportgen.site import nav

log = logging.getLogger("mkdocs.reportgen.preview")

SEARCH_INDEX = "search/search_index.json"
_DIRTY_WARNING = "A 'dirty' build is being performed"

_current: Optional["Preview"] = None  # the preview this process serves; the mkdocs hook asks it


def current() -> Optional["Preview"]:
    return _current


class FullBuildNeeded(Exception):
    """A dirty build cannot be shown to give the full build's pages; the message says why."""


@dataclass(frozen=True)
class Changes:
    """What one generation changed in the generated folder, compared with the last one."""

    pages: frozenset[str]  # Markdown pages whose text changed
    other: frozenset[str]  # other files (assets, charts, exports) whose bytes changed
    added: frozenset[str]
    removed: frozenset[str]

    @classmethod
    def between(cls, old: dict[str, str | bytes], new: dict[str, str | bytes]) -> "Changes":
        changed = {path for path, content in new.items() if path in old and old[path] != content}
        return cls(pages=frozenset(p for p in changed if p.endswith(".md")),
                   other=frozenset(p for p in changed if not p.endswith(".md")),
                   added=frozenset(new.keys() - old.keys()), removed=frozenset(old.keys() - new.keys()))


@dataclass
class _Attempt:
    """One mkdocs build in progress, as the hook's events see it."""

    dirty: bool
    changed: frozenset[str]
    previous: Optional["_Built"]  # the last good build, which a dirty one starts from
    settings: str  # mkdocs.yml's digest: the theme and its settings
    nav: object = None
    built: list[str] = field(default_factory=list)  # page URLs in the order mkdocs wrote them
    titles: dict[str, Optional[str]] = field(default_factory=dict)
    index: Optional[dict] = None  # search index after the merge: {"config": ..., "docs": [...]}


@dataclass
class _Built:
    """What the last good build left in the site folder, for the next dirty build."""

    fingerprint: str
    titles: dict[str, Optional[str]]  # navigation page -> its title
    order: list[str]  # page URLs in build order
    entries: dict[str, list]  # page URL -> its search index entries


class _HideDirtyWarning(logging.Filter):
    """mkdocs warns that a dirty build may leave the navigation wrong; this one is checked."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DIRTY_WARNING)


class Preview:
    """The generated pages and the mkdocs site of one `serve` session, rebuilt on each change."""

    def __init__(self, data_dir: Path, pages_dir: Path, site_dir: Path, config_file: Path,
                 dev_addr: str, skip: Iterable[str]):
        self.data_dir, self.pages_dir, self.site_dir = Path(data_dir), Path(pages_dir), Path(site_dir)
        self.config_file, self.dev_addr, self.skip = Path(config_file), dev_addr, set(skip)
        self.files: dict[str, str | bytes] = {}
        self.failing = False
        self.builds = 0  # mkdocs builds that finished
        self._built: Optional[_Built] = None
        self._attempt: Optional[_Attempt] = None
        self._theme_env: Optional[tuple[str, object]] = None  # (mkdocs.yml's digest, the theme's environment)

    # ------------------------------------------------------------------ the session

    def __enter__(self) -> "Preview":
        global _current
        self._outer, _current = _current, self
        return self

    def __exit__(self, *exc) -> None:
        global _current
        _current = self._outer

    def load_config(self):
        """mkdocs.yml as `mkdocs serve` loads it for this session (not strict)."""
        from mkdocs.config import load_config

        config = load_config(str(self.config_file), docs_dir=str(self.pages_dir), site_dir=str(self.site_dir),
                             dev_addr=self.dev_addr, strict=False)
        host, port = config.dev_addr
        config.site_url = f"http://{host}:{port}/"
        return config

    def watched(self, config) -> list[Path]:
        """What to watch: this investigation's data (not the project's own, unless it is the
        one shown), the templates and assets mkdocs.yml lists, and mkdocs.yml. Never the
        generated pages: the rebuild writes them itself."""
        paths = [Path(p) for p in config.watch if Path(p).resolve() != DEFAULT_DATA.resolve()]
        return [*paths, self.data_dir, self.config_file]

    # ------------------------------------------------------------------ one rebuild

    def generate(self):
        """(analysis, files); DataError (or a template's error as one) when the data is wrong."""
        import jinja2

        from reportgen.site import serve

        try:
            return serve.preview_files(self.data_dir, self.skip)
        except jinja2.TemplateError as exc:
            raise DataError(overlay.template_problem(exc)) from None

    def rebuild(self) -> None:
        """Regenerate and rebuild after a change; on a data error, show it and keep the last site."""
        started = (time.perf_counter(), time.process_time())
        try:
            analysis, files = self.generate()
        except DataError as exc:
            self.show_errors(exc.diagnostics.sorted())
            return
        self.publish(analysis, files, started)

    def show_errors(self, problems: list[Diagnostic]) -> None:
        for diag in problems:
            log.error(diag.format())
        log.error("reportgen: data errors: the last good pages stay served, with the errors shown over them")
        overlay.write(self.site_dir, overlay.status(problems))
        self.failing = True

    def publish(self, analysis, files: dict[str, str | bytes],
                started: Optional[tuple[float, float]] = None) -> None:
        """Write the generated files that changed and build the site: dirty where provably right.
        `started`: when the rebuild started (perf_counter, process_time), for the log line."""
        started = started or (time.perf_counter(), time.process_time())
        changes = Changes.between(self.files, files)
        if self.files:  # only what changed: comparing every file on disk again takes longer
            site_files.write_tree({rel: files[rel] for rel in changes.pages | changes.other | changes.added},
                             self.pages_dir, prune=False)
            for rel in changes.removed:
                (self.pages_dir / rel).unlink(missing_ok=True)
        else:
            site_files.write_tree(files, self.pages_dir)
        self.files = files
        report, navigation = analysis.inv.report, nav.navigation(analysis)
        reason, ran = self._full_build_reason(changes), True
        if reason is None:
            try:
                ran = self._build(True, changes, report, navigation)
                self._check_assets(changes)
            except FullBuildNeeded as exc:
                reason = str(exc)
        if reason is not None:
            self._build(False, changes, report, navigation)
        overlay.write(self.site_dir, overlay.status([]))
        took = f"{time.perf_counter() - started[0]:.2f} s, {time.process_time() - started[1]:.2f} s CPU"
        count = sum(1 for path in files if path.endswith(".md"))
        if not ran:
            log.info(f"reportgen: nothing to rebuild: no page or setting changed ({took})")
        elif reason is None:
            log.info(f"reportgen: rebuilt {len(changes.pages)} of {count} page(s) in {took} (only what changed)")
        else:
            log.info(f"reportgen: rebuilt the whole site ({count} pages) in {took}: {reason}")
        if self.failing:
            log.info("reportgen: the data is good again: the pages are up to date and the error overlay is gone")
            self.failing = False

    def _full_build_reason(self, changes: Changes) -> Optional[str]:
        if self._built is None:
            return "the first build" if not self.builds else "the last build did not finish"
        if changes.added or changes.removed:
            return "files were added or removed"
        return None

    def _build(self, dirty: bool, changes: Changes, report, navigation) -> bool:
        """One mkdocs build; False when a dirty one had nothing to do (the site is as it was)."""
        from mkdocs.commands.build import build

        previous = self._built
        settings = _digest(self.config_file)
        config = self.load_config()
        site.apply_report(config, report, navigation)
        fingerprint = _fingerprint(settings, config)
        if dirty:
            if fingerprint != previous.fingerprint:
                raise FullBuildNeeded("the site's settings, title or navigation changed")
            if not (changes.pages or changes.other):
                return False
            config["nav"] = _titled(config["nav"], previous.titles, changes.pages)
        config.extra_javascript.append(overlay.SCRIPT)
        attempt = _Attempt(dirty, changes.pages, previous, settings)
        # Until this build ends well the site is in doubt: a failure leaves no record, so the
        # next build is a full one. A dirty build given up before writing keeps the record.
        self._attempt, self._built = attempt, None
        quiet = _HideDirtyWarning()
        build_log = logging.getLogger("mkdocs.commands.build")
        build_log.addFilter(quiet)
        try:
            build(config, serve_url=config.site_url, dirty=dirty)
        except FullBuildNeeded:
            self._built = previous
            raise
        finally:
            build_log.removeFilter(quiet)
            self._attempt = None
        self.builds += 1
        order = previous.order if dirty else attempt.built
        self._built = _Built(fingerprint, attempt.titles, order,
                             _entries_by_page(attempt.index) if attempt.index else {})
        return True

    def _check_assets(self, changes: Changes) -> None:
        """mkdocs copies a changed asset by its time stamp: make sure each one arrived."""
        for rel in sorted(changes.other):
            copied = self.site_dir / rel
            content = self.files[rel]
            data = content.encode("utf-8") if isinstance(content, str) else content
            if copied.is_file() and copied.read_bytes() != data:
                raise FullBuildNeeded(f"{rel} was not copied again")

    # ------------------------------------------------------------------ the hook's events

    def on_nav(self, nav) -> None:
        if self._attempt is not None:
            self._attempt.nav = nav

    def on_env(self, env, files):
        """Before any page is written: a dirty build goes on only if every changed page was
        read again and the navigation's titles are the last build's. Returns the theme's
        Jinja environment to use: the last build's while mkdocs.yml is the same (mkdocs makes
        a new one per build, which compiles every theme template again)."""
        attempt = self._attempt
        if attempt is None:
            return env
        if self._theme_env is None or self._theme_env[0] != attempt.settings:
            self._theme_env = (attempt.settings, env)
        env = self._theme_env[1]
        if not attempt.dirty:
            return env
        for uri in sorted(attempt.changed):
            file = files.get_file_from_path(uri)
            if file is None or file.page is None or file.page.content is None:
                raise FullBuildNeeded(f"mkdocs did not read {uri} again")
        for page in attempt.nav.pages:
            uri = page.file.src_uri
            if page.content is not None and page.title != attempt.previous.titles.get(uri):
                raise FullBuildNeeded(f"the title of {uri} changed")
        return env

    def on_page_context(self, page) -> None:
        if self._attempt is not None:
            self._attempt.built.append(page.url)

    def on_post_build(self, config) -> None:
        """Record the navigation's titles; merge a dirty build's search index into the last one."""
        attempt = self._attempt
        if attempt is None:
            return
        attempt.titles = {page.file.src_uri: page.title for page in attempt.nav.pages}
        path = Path(config.site_dir) / SEARCH_INDEX
        if not path.is_file():
            return
        index = json.loads(path.read_text(encoding="utf-8"))
        if attempt.dirty:
            index = self._merged_index(index, attempt)
            # as the search plugin writes it
            path.write_bytes(json.dumps(index, separators=(",", ":"), default=str).encode("utf-8"))
        attempt.index = index

    def _merged_index(self, index: dict, attempt: _Attempt) -> dict:
        fresh = _entries_by_page(index)
        built = set(attempt.built)
        if not set(fresh) <= built:
            raise FullBuildNeeded("the search index has entries of pages that were not built")
        previous = attempt.previous
        docs = [entry for url in previous.order
                for entry in (fresh.get(url, []) if url in built else previous.entries.get(url, []))]
        return {**index, "docs": docs}


def _digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _fingerprint(settings: str, config) -> str:
    """What every page's HTML depends on besides its own Markdown and the navigation's titles:
    mkdocs.yml (its digest) and what the investigation sets in it."""
    ours = json.dumps([config["nav"], config["site_name"], config["site_description"], config["site_author"]],
                      default=str)
    return hashlib.sha256((settings + ours).encode("utf-8")).hexdigest()


def _titled(nav: list, titles: dict[str, Optional[str]], changed: frozenset[str]) -> list:
    """The navigation with the last build's title on each page that is not rendered again."""
    out: list = []
    for item in nav:
        if isinstance(item, str):
            if item in changed:
                out.append(item)
            elif titles.get(item) is not None:
                out.append({titles[item]: item})
            else:
                raise FullBuildNeeded(f"no title known for {item}")
        elif isinstance(item, dict):
            out.append({key: _titled(value, titles, changed) if isinstance(value, list) else value
                        for key, value in item.items()})
        else:
            out.append(item)
    return out


def _entries_by_page(index: dict) -> dict[str, list]:
    out: dict[str, list] = {}
    for entry in index.get("docs", []):
        out.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
    return out
