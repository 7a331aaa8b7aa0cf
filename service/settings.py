"""Configuration: environment variables read once into one typed object."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# "https://portal.example.com", "http://127.0.0.1:8766", "http://[::1]:8080", "capacitor://localhost"
ORIGIN = re.compile(r"[a-z][a-z0-9+.-]*://(?:\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(?P<port>\d{1,5}))?")


class SettingsError(ValueError):
    """A configuration variable is wrong; the message names it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LADDER_", extra="ignore", frozen=True)

    corpus: Path = Field(Path("corpus"), description="folder of guides")
    index_dir: Path = Field(Path("var/index"), description="index folder")
    model: str | None = Field(None, description="sentence-transformers model folder; the bundled one when unset")
    model_sha256: str | None = Field(None, description="pinned sha256 of the model's weight file")
    encoder: Literal["onnx", "onnx-int8", "torch"] = Field(
        "onnx", description="query encoder: the ONNX export (default), its int8 quantisation, or torch"
    )
    encode_workers: int | None = Field(None, ge=1, le=64, description="query encoder threads (default: the cores)")
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    cors_origins: Annotated[tuple[str, ...], NoDecode] = ()
    admin_token: str | None = Field(None, min_length=16, description="at least 16 characters")
    request_timeout: float = Field(10.0, gt=0, le=300, description="seconds a client has to send a whole request")
    match_workers: int | None = Field(None, ge=1, le=64, description="threads for /match (default: cores less one)")

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):  # as a browser sends it: lower case, no trailing slash
            return tuple(o.strip().rstrip("/").lower() for o in value.split(",") if o.strip())
        return value

    @field_validator("cors_origins")
    @classmethod
    def _origins(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        found = {o: ORIGIN.fullmatch(o) for o in value if o != "*"}
        wrong = [o for o, m in found.items() if m is None or int(m["port"] or 0) > 65535]
        if wrong:
            raise ValueError(
                f"not an origin (scheme://host[:port], no path; a non-ASCII host in its xn-- form): {', '.join(wrong)}"
            )
        return value

    @field_validator("model", "admin_token", "model_sha256", "encode_workers", "match_workers", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment; a wrong value raises SettingsError naming the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as e:
        problems = "; ".join(
            f"LADDER_{str(err['loc'][0]).upper()}: {err['msg']}" if err["loc"] else err["msg"] for err in e.errors()
        )
        raise SettingsError(problems) from e
