"""A shipped model that an environment variable switches off or replaces (MARSAD_UNLISTED_NOUNS, MARSAD_PARTY_STATES)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

Model = TypeVar("Model")


def switched_model(variable: str, shipped: Path, load: Callable[[str], Model | None], command: str) -> Model | None:
    """The model `load` reads from the shipped file (None if it is not shipped); `variable`=off runs without it, =FILE
    with another; a FILE that is not such a model is an error naming it and the `command` that writes one."""
    chosen = os.environ.get(variable, "")
    if chosen == "off":
        return None
    model = load(chosen or str(shipped))
    if model is None and chosen:
        raise RuntimeError(f"{variable}={chosen}: not a model written by `{command}`")
    return model
