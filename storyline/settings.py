"""Settings: packaged defaults < user file < STORYLINE_* environment < CLI flags."""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.errors import UsageError

USER_FILE = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "storyline.json"


def _cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return str(Path(base) / "storyline")


@dataclass(frozen=True, slots=True)
class Settings:
    """Every tunable of a build, with the defaults a laptop user wants."""

    model: str = "en_core_web_sm"
    n_process: int = 2
    batch_size: int = 32
    max_bytes: int = 10_000_000
    min_chars: int = 40
    near_duplicate_threshold: float = 0.8
    cache_dir: str = dataclasses.field(default_factory=_cache_dir)
    host: str = "127.0.0.1"
    port: int = 8765


def load_settings(*, user_file: Path = USER_FILE, **overrides: Any) -> Settings:
    """Return settings merged from the user file, the environment and ``overrides``."""
    values: dict[str, Any] = {}
    if user_file.is_file():
        try:
            values.update(json.loads(user_file.read_text(encoding="utf-8")))
        except (OSError, ValueError) as e:
            raise UsageError(f"cannot read settings file {user_file}: {e}") from e
    values.update(_from_env())
    values.update({k: v for k, v in overrides.items() if v is not None})
    return _coerce(values)


def _from_env() -> dict[str, str]:
    names = {f.name for f in dataclasses.fields(Settings)}
    prefix = "STORYLINE_"
    return {
        k[len(prefix) :].lower(): v
        for k, v in os.environ.items()
        if k.startswith(prefix) and k[len(prefix) :].lower() in names
    }


def _coerce(values: dict[str, Any]) -> Settings:
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise UsageError(f"unknown setting(s): {', '.join(unknown)}")
    typed: dict[str, Any] = {}
    for name, value in values.items():
        kind = type(getattr(Settings(), name))
        try:
            typed[name] = kind(value)
        except (TypeError, ValueError) as e:
            raise UsageError(f"setting {name!r} must be {kind.__name__}, got {value!r}") from e
    return Settings(**typed)
