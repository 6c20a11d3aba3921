"""Template text rendered the way every template is: saved as a user template, then `render`."""

import itertools
from collections.abc import Mapping
from typing import Any

from clientkit import paths
from clientkit.documents.templating import Finalize, render

# A folder starting with "_" is left out of template listings.
_FOLDER = "_test-text"
_serial = itertools.count(1)


def render_text(source: str, values: Mapping[str, Any], *, finalize: Finalize | None = None) -> str:
    """`source` rendered under the rules of every template (strict, sandboxed, plain data)."""
    name = f"{_FOLDER}/text-{next(_serial)}.txt"
    path = paths.user_templates_dir() / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    return render(name, values, finalize=finalize)
