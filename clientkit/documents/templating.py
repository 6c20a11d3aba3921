"""Jinja2 templates for documents and e-mails: sandboxed, strict, user ones override shipped.

Templates live in two folders searched in order: the user's
(`CLIENTKIT_HOME/templates/`) and the shipped `contract_templates/`; a user
file overrides a shipped one of the same name. Rendering happens in Jinja's
sandbox from plain values only (strings, numbers, lists and dicts of them),
with strict undefined variables: a value nobody provides is an error naming
it, never a blank in a document. Autoescape is off because the output is text;
whoever turns it into a document (the PDF layer) escapes it there.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import (
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.debug import rewrite_traceback_stack
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from clientkit import paths
from clientkit.documents import budget
from clientkit.domain.wording import Said, said

USER = "user"
SHIPPED = "shipped"
MAX_TEXT = 1_000_000  # characters a single `*` may build: stops `{{ 'x' * 10**12 }}`
_PLAIN_SCALARS = (str, int, Decimal, bool, type(None))

Finalize = Callable[[Any], str]


class TemplateError(Exception):
    """A template that cannot be rendered; the message is one line naming the problem.

    Not an InvalidValue: a broken template stops the whole run, it is not one bad row.
    """


class TemplateMissing(TemplateError):
    """No template of that name in the user's folder or the shipped one."""


class TemplateInvalid(TemplateError):
    """The template text is not valid Jinja, or it failed while rendering."""


class TemplateUndefined(TemplateError):
    """The template uses a value nobody provides."""

    def __init__(self, message: str, variable: str) -> None:
        super().__init__(message)
        self.variable = variable


class TemplateForbidden(TemplateError):
    """The sandbox stopped something the template tried (e.g. `''.__class__`): a refusal."""


class TemplateOverBudget(TemplateForbidden):
    """The template ran too long, or grew too much in memory or text: stopped, a refusal."""


class UnsetValuePrinted(Exception):  # raised inside Jinja, reported as TemplateInvalid
    """A template printed a value that is not set (None) instead of leaving its clause out."""


@dataclass(frozen=True)
class TemplateInfo:
    """One template file: its name, where it comes from and whether it is the one in use."""

    name: str
    origin: str  # "user" or "shipped"
    path: Path
    active: bool  # False for a shipped template a user template overrides


class _StrictUndefined(StrictUndefined):
    """Strict undefined whose message names the missing value and what was available."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:
            return self._undefined_hint
        name = self._undefined_name
        owner = self._undefined_obj
        if isinstance(owner, Mapping):
            keys = ", ".join(sorted(str(key) for key in owner)[:12]) or said("nothing")
            return said(
                "value %(name)s is not defined (available here: %(keys)s)",
                name=repr(name),
                keys=keys,
            )
        return said("value %(name)s is not defined", name=repr(name))


class _Loader(FileSystemLoader):
    """The template folders, read as UTF-8; a file that is not UTF-8 is named, not a
    UnicodeDecodeError from deep inside Jinja."""

    def get_source(self, environment: Any, template: str) -> Any:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            bad = exc.object[exc.start : exc.start + 1].hex()
            raise TemplateInvalid(
                said(
                    "template %(file)s is not UTF-8 text (byte 0x%(byte)s at offset %(offset)s);"
                    " save it as UTF-8",
                    file=self._file_of(template),
                    byte=bad,
                    offset=exc.start,
                )
            ) from None

    def _file_of(self, template: str) -> str:
        for folder in self.searchpath:
            candidate = Path(folder, *template.split("/"))
            if candidate.is_file():
                return str(candidate)
        return template


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox (its range() stays capped), also bounding `*` and `**`, and checking the
    render's time budget on every call and the size of any list, dict or set a call grows."""

    intercepted_binops = frozenset({"*", "**"})

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        running = budget.current()
        if running is not None:
            running.check()
        result = super().call(context, obj, *args, **kwargs)
        budget.check_growth(obj)
        return result

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        elif operator == "**" and _huge_power(left, right):
            raise SecurityError(said("the power is too large to compute"))
        return super().call_binop(context, operator, left, right)


def _huge_power(base: Any, exponent: Any) -> bool:
    if not (isinstance(base, int) and isinstance(exponent, int)) or exponent <= 0:
        return False
    return abs(base).bit_length() * exponent > 64 * 1024


def _check_repeat(sequence: Any, count: Any) -> None:
    repeats = isinstance(sequence, str | list | tuple) and isinstance(count, int)
    if repeats and len(sequence) * count > MAX_TEXT:
        raise SecurityError(said("the repeated text is too large"))


def search_dirs() -> list[tuple[str, Path]]:
    """The template folders in lookup order: the user's first, then the shipped one."""
    return [(USER, paths.user_templates_dir()), (SHIPPED, paths.shipped_templates_dir())]


def list_templates(prefix: str = "") -> list[TemplateInfo]:
    """Every template whose name starts with `prefix`, user ones first, with its origin."""
    found: list[TemplateInfo] = []
    seen: set[str] = set()
    for origin, folder in search_dirs():
        for name, path in _template_files(folder):
            if name.startswith(prefix):
                found.append(TemplateInfo(name, origin, path, active=name not in seen))
                seen.add(name)
    return sorted(found, key=lambda info: (info.name, info.origin != USER))


def _template_files(folder: Path) -> list[tuple[str, Path]]:
    if not folder.is_dir():
        return []
    files = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        hidden = any(part.startswith((".", "_")) for part in relative.parts)
        if path.is_file() and not hidden and not path.name.upper().startswith("README"):
            files.append((relative.as_posix(), path))
    return files


def template_exists(name: str) -> bool:
    """Whether a user or shipped template of this name exists."""
    return any(info.name == name for info in list_templates(name))


def find_localized(base: str, locale: str, suffix: str) -> str | None:
    """The template for `base` in `locale`: `base.de_AT.txt`, else `base.de.txt`, else None."""
    language = locale.split("_")[0]
    for candidate in (f"{base}.{locale}{suffix}", f"{base}.{language}{suffix}"):
        if template_exists(candidate):
            return candidate
    return None


def render(name: str, values: Mapping[str, Any], *, finalize: Finalize | None = None) -> str:
    """Render the template `name` with plain `values`; raises TemplateError on any problem.

    `finalize` (optional) sees every printed value as text, e.g. to mark it
    as literal for a markup parser.
    """
    check_plain(values)
    environment = _environment(_dirs_key(), finalize)
    try:
        template = environment.get_template(name)
    except TemplateNotFound:
        raise TemplateMissing(_missing_message(name)) from None
    except TemplateSyntaxError as exc:
        raise _syntax_error(exc) from None
    return _run(
        lambda given: budget.within_budget(lambda: template.generate(given)), dict(values), name
    )


# A printed value ending in a period ("22 січ. 2027 р.", "Acme Inc.") takes the place of the
# period that ends the template's sentence after it: never "р..". The mark is a private-use
# character no value keeps (see `_mark_period`).
PERIOD_AFTER = "\ue003"
_PERIOD_AFTER_VALUE = re.compile(PERIOD_AFTER + r"\.(?!\.)")  # an ellipsis stays whole


def render_plain(name: str, values: Mapping[str, Any]) -> str:
    """`render` for plain text (an e-mail): a value ending in a period is not followed by the
    sentence's own period too."""
    text = render(name, values, finalize=_mark_period)
    return _PERIOD_AFTER_VALUE.sub("", text).replace(PERIOD_AFTER, "")


def _mark_period(value: Any) -> str:
    text = str(value).replace(PERIOD_AFTER, "")
    return text + PERIOD_AFTER if text.endswith(".") else text


def _run(
    render_call: Callable[[dict[str, object]], str], values: dict[str, object], name: str
) -> str:
    try:
        return render_call(values)
    except budget.OverBudget:
        # Jinja maps tracebacks to template lines only for an Exception: do it for this one.
        exc = rewrite_traceback_stack()
        where = _where(exc.__traceback__, name)
        raise TemplateOverBudget(
            said(
                "%(where)s: stopped because %(why)s; simplify the template",
                where=where,
                why=_message_of(exc),
            )
        ) from None
    except SecurityError as exc:
        where = _where(exc.__traceback__, name)
        raise TemplateForbidden(
            said(
                "%(where)s: the template sandbox refused it: %(why)s",
                where=where,
                why=_message_of(exc),
            )
        ) from None
    except UndefinedError as exc:
        where = _where(exc.__traceback__, name)
        variable = _variable_of(str(exc))
        raise TemplateUndefined(_at(where, _message_of(exc)), variable) from None
    except TemplateSyntaxError as exc:  # an {% include %} of a broken template
        raise _syntax_error(exc) from None
    except TemplateNotFound as exc:  # an {% include %} of a missing template
        raise TemplateMissing(_missing_message(str(exc.name))) from None
    except TemplateError:  # already one line naming the problem (a file that is not UTF-8)
        raise
    except UnsetValuePrinted as exc:
        where = _where(exc.__traceback__, name)
        raise TemplateInvalid(_at(where, _message_of(exc))) from None
    except Exception as exc:  # a template is user code: any failure is its author's to fix
        where = _where(exc.__traceback__, name)
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise TemplateInvalid(_at(where, f"{type(exc).__name__}: {detail}".rstrip(": "))) from None


def _at(where: str, problem: str) -> str:
    """A problem of a template, after where in the template it is."""
    return said("%(where)s: %(problem)s", where=where, problem=problem)


def _message_of(exc: BaseException) -> str:
    """An exception's message; one said with `said` (ours, not Jinja's) kept a `Said`, so
    that the command line can say it in the profile's language."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Said):
        return exc.args[0]
    return str(exc)


def _variable_of(message: str) -> str:
    start = message.find("'")
    end = message.find("'", start + 1)
    return message[start + 1 : end] if 0 <= start < end else ""


def _where(trace: TracebackType | None, fallback: str) -> str:
    """`template NAME, line N` from the traceback Jinja rewrote to point into templates."""
    found = said("template %(name)s", name=fallback)
    folders = [folder.resolve() for _, folder in search_dirs()]
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        label = _template_label(filename, folders)
        if label is not None:
            found = _line_of(label, trace.tb_lineno)
        elif filename == "<template>":
            found = _line_of(fallback, trace.tb_lineno)
        trace = trace.tb_next
    return found


def _line_of(name: str, line: int | None) -> str:
    return said("template %(name)s, line %(line)s", name=name, line=line)


def _template_label(filename: str, folders: list[Path]) -> str | None:
    if not filename or filename.startswith("<"):
        return None
    path = Path(filename).resolve()
    for folder in folders:
        if path.is_relative_to(folder):
            return path.relative_to(folder).as_posix()
    return None


def _syntax_error(exc: TemplateSyntaxError) -> TemplateInvalid:
    # Jinja's own words for what is wrong (`unexpected '}'`) are English, as Jinja says them.
    return TemplateInvalid(_at(_line_of(exc.name or "<text>", exc.lineno), f"{exc.message}"))


def _missing_message(name: str) -> str:
    return said(
        "no template named %(name)s in %(folder)s or among the shipped templates",
        name=repr(name),
        folder=str(paths.user_templates_dir()),
    )


def check_plain(value: Any, where: str = "values") -> None:
    """Refuse anything but plain data: templates never see ORM rows or other live objects."""
    if isinstance(value, _PLAIN_SCALARS):
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"template {where} keys must be strings, not {key!r}")
            check_plain(item, f"{where}.{key}")
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            check_plain(item, f"{where}[{index}]")
        return
    raise TypeError(f"template {where} must be plain data, not {type(value).__name__}")


def _dirs_key() -> tuple[str, str]:
    user, shipped = (str(folder) for _, folder in search_dirs())
    return user, shipped


def _refuse_unset(value: Any) -> Any:
    if value is None:
        raise UnsetValuePrinted(
            said("prints a value that is not set; put its clause inside {% if ... %}")
        )
    return value


@lru_cache(maxsize=16)
def _environment(dirs: tuple[str, str], finalize: Finalize | None) -> SandboxedEnvironment:
    def finish(value: Any) -> Any:
        checked = _refuse_unset(value)
        return finalize(checked) if finalize is not None else checked

    return _Sandbox(
        loader=_Loader(list(dirs), encoding="utf-8"),
        undefined=_StrictUndefined,
        autoescape=False,  # output is text; the PDF layer escapes it
        trim_blocks=True,  # a line holding only {% if %} leaves no blank line behind
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finish,
        auto_reload=True,
    )
