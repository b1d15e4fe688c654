"""The compiled built-in templates, kept in the user's cache folder between builds.

Compiling the seventeen built-in templates is a third of a report's render (Jinja parses
them, the sandbox rewrites their loops and operators, Python compiles the code). Their
compiled code is kept in the user's own cache folder (``$XDG_CACHE_HOME/cmqreport``,
``~/.cache/cmqreport`` by default), never in a project or an output folder: whoever can
write a cached template runs code as the user, past the sandbox.

Only the templates shipped with cmqreport are cached. A project's template is compiled at
each build: Jinja computes a template's constant expressions while it compiles, and the
sandbox counts that work; a cached copy would skip the count, so the same template could
pass one build and not the next. A cache entry is keyed by the template's name, file and
source, and its folder by Python's and Jinja's versions and the sources of the modules
that shape the compiled code (the sandbox's rewriting, the environment's options): a
change to any of them compiles anew. A cache that cannot be read or written is no cache.
"""

from __future__ import annotations

import hashlib
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["builtin_cache", "cache_folder"]

#: The modules whose source shapes the code Jinja makes of a template.
_SHAPERS = ("jinja_env.py", "sandbox.py", "sandbox_sizes.py", "template_cache.py")


def cache_folder() -> Path | None:
    """cmqreport's folder in the user's cache (``None`` when there is no home to put it)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(base):
        return Path(base) / "cmqreport"
    try:
        home = Path.home()
    except (KeyError, RuntimeError):  # no HOME and no passwd entry
        return None
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "cmqreport"
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA", "")
        return Path(local) / "cmqreport" / "Cache" if os.path.isabs(local) else None
    return home / ".cache" / "cmqreport"


def builtin_cache(builtin: Path) -> Any:
    """A Jinja bytecode cache of the templates in ``builtin`` (``None``: no cache)."""
    folder = cache_folder()
    fingerprint = _fingerprint()
    if folder is None or fingerprint is None:
        return None
    templates = folder / f"templates-{fingerprint}"
    if not _private(templates):
        return None
    return _cache_class()(templates, builtin)


def _private(folder: Path) -> bool:
    """Whether ``folder`` is absent (it is made private) or the user's own and writable by
    nobody else: a cache another user can write would run their code (a shared
    ``$XDG_CACHE_HOME``)."""
    try:
        st = folder.stat()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    if not hasattr(os, "getuid"):  # Windows: the profile's folder is the user's own
        return True
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


@cache
def _fingerprint() -> str | None:
    import jinja2

    digest = hashlib.sha256(f"{sys.version}|{jinja2.__version__}".encode())
    here = Path(__file__).resolve().parent
    try:
        for name in _SHAPERS:
            digest.update((here / name).read_bytes())
    except OSError:  # sources not shipped (a frozen program): no cache
        return None
    return digest.hexdigest()[:20]


@cache
def _cache_class() -> type:
    from jinja2.bccache import Bucket, FileSystemBytecodeCache

    class _Uncached(Bucket):
        """The bucket of a template that is not cached: always empty, never written."""

    class BuiltinBytecodeCache(FileSystemBytecodeCache):
        def __init__(self, directory: Path, builtin: Path) -> None:
            super().__init__(str(directory), "%s.jinja")
            self._folder = directory
            self._builtin = os.path.normpath(builtin) + os.sep
            self._made = False

        def get_bucket(
            self, environment: Any, name: str, filename: str | None, source: str
        ) -> Bucket:
            if filename is None or not os.path.normpath(filename).startswith(self._builtin):
                return _Uncached(environment, "", "")
            return super().get_bucket(environment, name, filename, source)

        def set_bucket(self, bucket: Bucket) -> None:
            if not isinstance(bucket, _Uncached):
                super().set_bucket(bucket)

        def load_bytecode(self, bucket: Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # unreadable or cut short: compiled anew
                bucket.reset()

        def dump_bytecode(self, bucket: Bucket) -> None:
            try:
                if not self._made:
                    self._folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                    self._made = True
                super().dump_bytecode(bucket)
            except OSError:  # a read-only or full disk: the next build compiles again
                pass

    return BuiltinBytecodeCache
