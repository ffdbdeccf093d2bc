"""Keep an edition's HTML output between builds, the same bytes as a build from scratch.

Sphinx keeps its environment in the staging folder, so it reads again only the pages whose
source changed; with the output folder kept too, it writes again only those pages (and the
root page). What a kept output folder would then hold that a build from scratch would not, and
how each is avoided (loaded by `khuyencong.outputs.sphinx_ext`, HTML builder only):

- the inputs Sphinx does not fingerprint: the templates, static files and catalogues (their
  contents, not their dates), the extensions' versions and this package's code go into a
  config value of the `html` kind (`kc_html_inputs`), so a change rewrites every page as a
  change of `html_context` or `html_title` does (`.buildinfo`);
- a build that did not finish, or finished with warnings (which are reported only for the
  pages written), leaves no mark in the doctree folder: the next build starts from an empty
  output folder, as does one whose configuration or extensions changed;
- every file that is not a page kept as it is (the search index, static files, images and
  copied sources aside: see `KEPT_FOLDERS`) is removed when writing starts, so
  `index.html`, `search.html`, `objects.inv`, downloads and whatever else the folder holds
  (the report files the pipeline adds) are written by this build only;
- the navigation: every page shows the titles and sections of the others (sidebar, previous
  and next links, references): if a title, a section, a number, a label or the set of pages
  changed, every page is written again;
- the search index: words only the rewritten pages had are dropped (Sphinx leaves them with
  no page), and the index entries of the pages not written again are put back;
- after the build, the pages of removed documents and the images and copied sources no
  current document uses are removed (an old chart's PNG: myst-nb names images by content).
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import sphinx
from sphinx.builders.html import BuildInfo
from sphinx.environment import CONFIG_OK
from sphinx.util.index_entries import split_index_msg

import khuyencong

MARK = "khuyencong-html-complete"  # in the doctree folder: the output folder is complete
# Kept when writing starts: images and copied sources are reconciled after the build
# (`expected_files`); Sphinx copies every static file at each build, and a file could be left
# over only if the static files' sources changed, which changes `kc_html_inputs` (folder emptied).
KEPT_FOLDERS = ("_images", "_sources", "_static")
SEARCH_INDEX = "searchindex.js"  # Sphinx loads it to keep the words of pages not rewritten


def inputs_digest(app, config) -> str:
    """A fingerprint of what the HTML pages depend on beside the config and the sources: the
    templates, static files and catalogues, the extensions and their versions, our code.

    Contents, never paths or dates: two staging folders of the same edition agree."""
    h = hashlib.sha256(f"sphinx {sphinx.__display_version__}\n".encode())
    for name in sorted(app.extensions):
        h.update(f"{name} {app.extensions[name].version}\n".encode())
    folders = [*config.templates_path, *config.html_static_path, *config.locale_dirs]
    roots = [Path(app.confdir, f) for f in folders] + [Path(khuyencong.__file__).parent]
    for i, root in enumerate(roots):
        for p in sorted(root.rglob("*")) if root.is_dir() else []:
            if p.is_file() and "__pycache__" not in p.parts:
                h.update(f"{i} {p.relative_to(root).as_posix()}\n".encode() + p.read_bytes())
    return h.hexdigest()


def navigation(env) -> tuple:
    """What a page shows of the other pages: their titles and sections (as doctree text),
    section and figure numbers, the TOC tree, and the targets of references (every domain's
    data but the index's, which only the always-written index page shows, and but the
    objects compared by identity, such as the C domains' symbol trees, whose content is in
    their other data)."""
    docs = sorted(env.all_docs)
    domains = {
        name: {k: v for k, v in copy.deepcopy(data).items() if v == data[k]}
        for name, data in env.domaindata.items()
        if name != "index"
    }
    return (
        docs,
        {d: env.titles[d].pformat() for d in docs if d in env.titles},
        {d: env.longtitles[d].pformat() for d in docs if d in env.longtitles},
        {d: env.tocs[d].pformat() for d in docs if d in env.tocs},
        copy.deepcopy((env.toc_secnumbers, env.toc_fignumbers, env.toctree_includes)),
        domains,
    )


def empty(folder: Path, keep: Callable[[str], bool] = lambda rel: False) -> None:
    """Remove every file of `folder` whose relative path `keep` refuses, and the folders left
    empty by that (never `folder` itself)."""
    if not folder.is_dir():
        return
    files = [p for p in folder.rglob("*") if p.is_file() or p.is_symlink()]
    removed = [p for p in files if not keep(p.relative_to(folder).as_posix())]
    for p in removed:
        p.unlink()
    _remove_empty_parents(folder, {p.parent for p in removed})


def _remove_empty_parents(folder: Path, parents: Iterable[Path]) -> None:
    for parent in sorted(parents, key=lambda p: len(p.parts), reverse=True):
        while parent != folder and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent


def same_build_info(outdir: Path, build_info: BuildInfo) -> bool:
    try:
        with open(outdir / ".buildinfo", encoding="utf-8") as f:
            return BuildInfo.load(f) == build_info
    except (OSError, ValueError):
        return False


def index_entries(entries: list[tuple]) -> list[tuple[str, str, str]]:
    """A page's entries in the search index, from its index nodes' entries (as
    `sphinx.search.IndexBuilder.feed` derives them)."""
    found: set[tuple[str, str, str]] = set()
    for entry_type, value, target_id, main, _key in entries:
        try:
            result = split_index_msg(entry_type, value)
        except ValueError:
            continue
        target_id = target_id or ""
        if entry_type in {"see", "seealso"}:
            found.add((result[0], target_id, main))
        found |= {(x, target_id, main) for x in result}
    return sorted(found)


def tidy_search_index(indexer, env) -> None:
    """The search index as a build from scratch writes it.

    Sphinx loads the old index and removes the rewritten pages from each word's pages, but
    keeps a word no page has any more, written as `[]`. And it keeps the index entries only
    of the pages it writes (in the environment, which is saved before writing): they are
    derived again here for every page, in the order of a build from scratch."""
    for mapping in (indexer._mapping, indexer._title_mapping):
        for word in [w for w, docs in mapping.items() if not docs]:
            del mapping[word]
    by_page = env.domaindata.get("index", {}).get("entries", {})
    entries = {d: index_entries(by_page.get(d, [])) for d in sorted(env.found_docs)}
    indexer._index_entries.clear()
    indexer._index_entries.update(entries)


def expected_files(builder, env) -> Callable[[str], bool]:
    """Whether a path under `_images/` or `_sources/` is one a build from scratch writes; other
    paths are not judged here (True)."""
    images = {name for _docs, name in env.images.values()} | set(builder.images.values())
    sources = set()
    if builder.config.html_copy_source:
        suffix = builder.config.html_sourcelink_suffix
        for doc in env.found_docs:
            own = env.doc2path(doc, False)[len(doc) :]
            sources.add(doc + own + (suffix if own != suffix else ""))

    def expected(rel: str) -> bool:
        top, _, rest = rel.partition("/")
        if top == "_images":
            return rest in images
        if top == "_sources":
            return rest in sources
        return True

    return expected


class KeptOutput:
    """The event handlers of one Sphinx application (see the module docstring)."""

    def __init__(self) -> None:
        self.active = False
        self.full = True
        self.old_docs: set[str] = set()
        self.before: tuple | None = None

    def config_inited(self, app, config) -> None:
        config.kc_html_inputs = inputs_digest(app, config)

    def builder_inited(self, app) -> None:
        """Before any handler writes into the output folder: empty it unless the last build
        finished cleanly with the same configuration (then `write_started` tidies it)."""
        self.active = app.builder.name == "html"
        if not self.active:
            return
        outdir, mark = Path(app.outdir), Path(app.doctreedir, MARK)
        self.old_docs = set(app.env.all_docs)
        self.full = not (
            mark.is_file()
            and app.env.config_status == CONFIG_OK
            and same_build_info(outdir, app.builder.build_info)
        )
        mark.unlink(missing_ok=True)
        if self.full:
            empty(outdir)  # every page is then written, as in a build from scratch

    def env_get_outdated(self, app, env, added, changed, removed) -> list[str]:
        if self.active:
            self.before = navigation(env)
        return []

    def env_get_updated(self, app, env) -> list[str]:
        """Every page, when what pages show of each other changed."""
        if self.active and self.before is not None and navigation(env) != self.before:
            return sorted(env.found_docs)
        return []

    def write_started(self, app, builder) -> None:
        if not self.active or self.full:
            return
        pages = {f"{doc}{builder.out_suffix}" for doc in self.old_docs}

        def keep(rel: str) -> bool:
            return rel in pages or rel == SEARCH_INDEX or rel.split("/")[0] in KEPT_FOLDERS

        empty(Path(app.outdir), keep)

    def collect_pages(self, app) -> list:
        indexer = getattr(app.builder, "indexer", None)
        if self.active and indexer is not None:
            tidy_search_index(indexer, app.env)
        return []

    def build_finished(self, app, exception: Exception | None) -> None:
        warned: int = getattr(app, "_warncount", 0)  # -W --keep-going: a failed build
        if not self.active or exception is not None or warned:
            return  # no mark: the next build starts from an empty folder
        env, outdir = app.env, Path(app.outdir)
        for doc in self.old_docs - env.found_docs:
            Path(app.builder.get_outfilename(doc)).unlink(missing_ok=True)
        empty(outdir, expected_files(app.builder, env))
        Path(app.doctreedir, MARK).write_text("", encoding="utf-8")


def setup(app) -> dict[str, Any]:
    kept = KeptOutput()
    app.add_config_value("kc_html_inputs", "", "html", [str])
    app.connect("config-inited", kept.config_inited, priority=800)
    app.connect("builder-inited", kept.builder_inited, priority=1)
    app.connect("env-get-outdated", kept.env_get_outdated)
    app.connect("env-get-updated", kept.env_get_updated, priority=900)
    app.connect("write-started", kept.write_started)
    app.connect("html-collect-pages", kept.collect_pages)
    app.connect("build-finished", kept.build_finished, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
