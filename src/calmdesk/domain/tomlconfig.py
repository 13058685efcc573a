"""Reading a TOML file into a pydantic model with errors a person can act on.

Playbooks and volume profiles are written by hand; when one is wrong, the message must name
the file, the key and what is wrong with it, all problems at once, so one edit fixes them.
"""

from __future__ import annotations

import tomllib
from typing import TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


def load_toml_model(
    text: str, source: str, model: type[M], error: type[ValueError], example: str
) -> M:
    """Parse `text` as `model`; raise `error` naming `source`, each bad key and `example`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{source}: not valid TOML: {exc}") from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            key = ".".join(str(p) for p in err["loc"]) or "(top level)"
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                msg = f"unknown key (check the spelling against {example})"
            problems.append(f"{source}: key '{key}': {msg}")
        raise error("\n".join(problems)) from exc
