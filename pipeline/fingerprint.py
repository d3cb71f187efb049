"""What a stage's output depends on, computed from the installed code: its cache key.

A stage's fingerprint hashes
- the source of every module it runs: the stage function's module (and its corpus
  stream's), ``pipeline.jobs`` or ``pipeline.assembly`` that run it, and every module
  of those packages they import, transitively (a scan of the sources for imports,
  so the answer does not depend on what happens to be imported);
- the lexicon files those modules name (a string literal equal to a file name in
  ``extractors/lexicons``, as in ``read_words(<quoted file name>)``);
- the versions of the third-party distributions those modules import, and of the
  distributions those depend on (pdfplumber, pypdfium2, spaCy, rjieba, jieba and its
  dictionary, opencc, babel, python-docx, ...), and the Python and Unicode versions;
- its definition in the registry and the fingerprints of the stages it reads from.

So upgrading tripmine, a library or a lexicon re-runs exactly the stages whose inputs
changed, and those downstream; changing nothing re-runs nothing. No version numbers
are bumped by hand. Fingerprints are computed once per process (a fraction of a second).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Iterable

OWN_PACKAGES = ("extractors", "pipeline")  # walked into; anything else is a library


@dataclass(frozen=True)
class Parts:
    """The inputs of one stage's fingerprint, before its upstream stages'."""

    sources: dict[str, str]  # module -> sha256 of its source
    lexicons: dict[str, str]  # lexicon file name -> sha256 of its bytes
    libraries: dict[str, str]  # distribution -> version

    def digest(self) -> str:
        return sha256(json.dumps([self.sources, self.lexicons, self.libraries], sort_keys=True).encode())


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@cache
def package_dir(top: str) -> Path | None:
    """The folder of a top-level package, found without importing anything below it."""
    spec = importlib.util.find_spec(top)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def module_file(name: str) -> Path | None:
    """The source file of module ``name`` of a walked package, or None (not a module there)."""
    top, *rest = name.split(".")
    root = package_dir(top)
    if root is None:
        return None
    base = root.joinpath(*rest)
    for path in (base / "__init__.py", base.with_suffix(".py")) if rest else (root / "__init__.py",):
        if path.is_file():
            return path
    return None


FROM_IMPORT = re.compile(r"^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)", re.M)
IMPORT = re.compile(r"^[ \t]*import[ \t]+([\w., \t]+)", re.M)
SPEC = re.compile(r"[\"']((?:%s)(?:\.\w+)+)(?::\w+)?[\"']" % "|".join(OWN_PACKAGES))
FIND_SPEC = re.compile(r"find_spec\([\"'](\w+)")
REGISTRY = "pipeline.stages"  # names every stage; a stage runs only its own (its roots)


FILE_NAME = re.compile(r"[\"']([\w.-]+\.[A-Za-z]{2,5})[\"']")  # a quoted file name, e.g. a lexicon's


@cache
def parse(name: str) -> tuple[bytes, tuple[str, ...], frozenset[str]]:
    """A module's source and the modules it may import: ``import`` and ``from ... import``
    statements anywhere (also inside functions), and "package.module[:name]" strings
    (a module imported by name, e.g. the readers' table). A scan of the text, not of the
    syntax tree: an import named in a docstring only adds a module, never loses one.
    Also the file names the module quotes (the lexicons it reads)."""
    path = module_file(name)
    if path is None:
        return b"", (), frozenset()
    source = path.read_bytes()
    text = source.decode("utf-8")
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    imported: list[str] = []
    for match in FROM_IMPORT.finditer(text):
        base, names = match.group(1), match.group(2)
        level = len(base) - len(base.lstrip("."))
        base = base.lstrip(".")
        if level:
            parent = package.split(".")[: len(package.split(".")) - level + 1]
            base = ".".join(parent + ([base] if base else []))
        imported.append(base)
        for item in names.strip("()").replace("\\", " ").split(","):
            word = item.split("#")[0].split()
            if word and word[0].isidentifier():
                imported.append(f"{base}.{word[0]}")  # kept when it is a module
    for match in IMPORT.finditer(text):
        imported.extend(part.split()[0] for part in match.group(1).split(",") if part.split())
    if name != REGISTRY:
        imported.extend(SPEC.findall(text))
    imported.extend(FIND_SPEC.findall(text))  # a library whose files are read, e.g. jieba's dictionary
    return source, tuple(imported), frozenset(FILE_NAME.findall(text))


def closure(roots: Iterable[str]) -> tuple[dict[str, bytes], set[str], set[str]]:
    """The modules the roots run (name -> source), the libraries they import (top-level
    names) and the file names they quote. Walks the packages of the roots as well as ``OWN_PACKAGES``; a module imports
    its parent packages."""
    roots = list(roots)
    own = set(OWN_PACKAGES) | {r.split(".")[0] for r in roots}
    sources: dict[str, bytes] = {}
    libraries: set[str] = set()
    files: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in sources or not name:
            continue
        top = name.split(".")[0]
        if top not in own:
            if top not in sys.stdlib_module_names and top != "__future__":
                libraries.add(top)
            continue
        if module_file(name) is None:  # `from package import name` where name is not a module
            continue
        source, imported, quoted = parse(name)
        sources[name] = source
        files |= quoted
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))
        todo.extend(imported)
    return sources, libraries, files


def normalize(dist: str) -> str:
    return re.sub(r"[-_.]+", "-", dist).lower()


@cache
def installed() -> dict[str, tuple[str, Path]]:
    """Normalized distribution name -> (version, metadata folder), from the folder names
    in ``sys.path`` (``name-version.dist-info``): no metadata file is parsed. The first
    found wins, as for imports."""
    found: dict[str, tuple[str, Path]] = {}
    for entry in sys.path:
        folder = Path(entry or ".")
        try:
            names = sorted(p.name for p in folder.iterdir() if p.suffix in (".dist-info", ".egg-info"))
        except OSError:
            continue
        for folder_name in names:
            dist, _, version = Path(folder_name).stem.partition("-")
            found.setdefault(normalize(dist), (version, folder / folder_name))
    return found


@cache
def provider(top: str) -> str | None:
    """The distribution that provides top-level module ``top``: by name when they match
    (most do), else by the distributions' ``top_level.txt`` or, failing that, ``RECORD``."""
    dist = normalize(top)
    if dist in installed():
        return dist
    for field in ("top_level.txt", "RECORD"):
        for name, (_version, folder) in sorted(installed().items()):
            try:
                text = (folder / field).read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            lines = text.splitlines()
            if top in lines if field == "top_level.txt" else any(
                    line.startswith((f"{top}/", f"{top}.py,")) for line in lines):
                return name
    return None


REQUIRES = re.compile(r"^Requires-Dist:[ \t]*([A-Za-z0-9][A-Za-z0-9._-]*)([^\n]*)$", re.M)


@cache
def requirements(dist: str) -> tuple[str, ...]:
    """The distributions ``dist`` needs (not for its extras), by normalized name."""
    info = installed().get(dist)
    if info is None:
        return ()
    path = info[1] / ("METADATA" if info[1].suffix == ".dist-info" else "PKG-INFO")
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ()
    return tuple(sorted({normalize(m.group(1)) for m in REQUIRES.finditer(text) if "extra" not in m.group(2)}))


def library_versions(top_names: Iterable[str]) -> dict[str, str]:
    """Versions of the distributions providing ``top_names`` and of everything they need."""
    todo = sorted({d for d in map(provider, top_names) if d})
    versions: dict[str, str] = {}
    while todo:
        dist = todo.pop()
        if dist in versions or dist not in installed():
            continue  # an optional requirement that is not installed
        versions[dist] = installed()[dist][0]
        todo.extend(requirements(dist))
    return dict(sorted(versions.items()))


@cache
def lexicon_hashes(folder: Path) -> dict[str, str]:
    """File name -> sha256 of every lexicon file in ``folder``."""
    if not folder.is_dir():
        return {}
    return {p.name: sha256(p.read_bytes()) for p in sorted(folder.iterdir()) if p.is_file()}


@cache
def stage_parts(roots: tuple[str, ...], lexicon_dir: Path) -> Parts:
    """The fingerprint inputs of code rooted at ``roots`` (module names)."""
    sources, libraries, files = closure(roots)
    read = {name: digest for name, digest in lexicon_hashes(lexicon_dir).items() if name in files}
    versions = library_versions(libraries)
    versions["python"] = ".".join(map(str, sys.version_info[:3]))
    versions["unicode"] = unicodedata.unidata_version
    return Parts({name: sha256(src) for name, src in sorted(sources.items())}, read, versions)


def default_lexicon_dir() -> Path:
    from extractors.core import lexicons

    return lexicons.LEXICON_DIR
