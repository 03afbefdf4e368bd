"""The Jinja environment: template lookup chain, sandbox, strict undefined, filters, labels.

Lookup, first match wins: ``--templates DIR`` → ``templates/`` next to ``cdc.yaml`` → built-in.
In each folder a template is looked for in the language's subfolder (``fr/``, ``en/``) and then
at the top. ``{% extends "default:spec.xml.j2" %}`` reaches the built-in version, so an override
can extend a block instead of copying the whole template. Every template runs in an immutable
sandbox with ``StrictUndefined`` and XML autoescaping; rendering errors name the template and
line.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.bccache import Bucket, BytecodeCache, FileSystemBytecodeCache
from jinja2.sandbox import ImmutableSandboxedEnvironment

from cdc.core.errors import CdcError
from cdc.core.resources import data_dir
from cdc.core.typography import article_for, elide
from cdc.reading.labels import load_labels as load_labels
from cdc.reading.labels import template_dirs as template_dirs
from cdc.rendering.fmt import Formatter
from cdc.rendering.markup import markdown, markdown_inline


class TemplateProblem(CdcError):
    """A template failed to load or render; the message names the template and line."""


class _QuietBytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, which never fails a render.

    Compiling the specification templates takes longer than rendering them (0.3 s of a 0.5 s
    Markdown render); compiled code is stored by template name and checked against the source's
    checksum on load, so an edited template is recompiled.
    """

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


#: Where compiled templates are kept; None (the default) compiles them in memory only.
_BYTECODE_FOLDER: list[Path] = []


def use_bytecode_folder(folder: Path | None) -> None:
    """Keep compiled templates in ``folder`` from now on (None: do not keep them).

    The commands' orchestration passes its cache's folder (:func:`cdc.cache.bytecode_folder`):
    rendering itself knows nothing of where, or whether, cdc caches.
    """
    _BYTECODE_FOLDER[:] = [] if folder is None else [folder]


def _bytecode_cache() -> BytecodeCache | None:
    """Jinja's compiled-template cache in the folder given, if any."""
    return _QuietBytecodeCache(str(_BYTECODE_FOLDER[0])) if _BYTECODE_FOLDER else None


def make_environment(
    lang: str, *, user: Path | None = None, project_root: Path | None = None
) -> ImmutableSandboxedEnvironment:
    """A sandboxed environment for one language with cdc's filters and globals."""
    builtin = data_dir("templates")
    default = FileSystemLoader([str(builtin / lang), str(builtin / "common")])
    loaders: list[BaseLoader] = [
        PrefixLoader({"default": default}, delimiter=":"),
        FileSystemLoader([str(d) for d in template_dirs(lang, user, project_root)]),
    ]
    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
        bytecode_cache=_bytecode_cache(),
    )
    env.globals["cdc_lang"] = lang
    env.cdc_search_path = [str(d) for d in template_dirs(lang, user, project_root)]  # type: ignore[attr-defined]
    fmt = Formatter(lang)
    env.filters.update(
        md=markdown,
        mdi=markdown_inline,
        number=fmt.number,
        percent=fmt.percent,
        pct=fmt.pct,
        money=fmt.money,
        date=fmt.date,
        minutes=fmt.minutes,
        elide=elide,
        article=article_for,
    )
    return env


def render_template(env: ImmutableSandboxedEnvironment, name: str, context: dict[str, Any]) -> str:
    """Render ``name``; any Jinja error becomes a :class:`TemplateProblem` with template:line."""
    try:
        template = env.get_template(name)
        return template.render(context)
    except TemplateNotFound as exc:
        searched = getattr(env, "cdc_search_path", [])
        where = f" (searched: {', '.join(searched)})" if searched else ""
        raise TemplateProblem(f"template '{exc.name}' not found{where}") from exc
    except TemplateSyntaxError as exc:
        where = exc.filename or exc.name or name
        raise TemplateProblem(
            f"{where}:{exc.lineno}: template syntax error: {exc.message}"
        ) from exc
    except TemplateError as exc:
        raise TemplateProblem(f"{_template_location(exc, name)}: {exc.message or exc}") from exc


def _template_location(exc: BaseException, fallback: str) -> str:
    """The innermost template frame of a rendering error, as ``file:line``."""
    location = fallback
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".j2", ".jinja", ".html", ".xml")):
            location = f"{frame.filename}:{frame.lineno}"
    return location
