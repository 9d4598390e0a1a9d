"""One validated Settings object, read from the environment (prefix TALKTRACK_, plus DATABASE_URL)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TALKTRACK_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    database_url: str = Field("sqlite:///var/talktrack.db",
                              validation_alias=AliasChoices("DATABASE_URL", "TALKTRACK_DATABASE_URL"))
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    encoder: str = "use"  # use | minilm | st:<sentence-transformers folder>
    encoder_threads: int = Field(2, ge=1, le=64)
    models_dir: Path | None = None  # default: the heads shipped in nlp/models
    max_text_chars: int = 20_000
    knowledge_dirs: list[Path] = Field(default_factory=list)  # extra playbooks loaded over ours

    @field_validator("database_url")
    @classmethod
    def _relative_sqlite_is_under_repo(cls, v: str) -> str:
        # sqlite:///var/x.db is relative to where the server runs; anchor it to the project
        # so `make run` and the CLI share one database wherever they are started from.
        prefix = "sqlite:///"
        if v.startswith(prefix) and not v.startswith(prefix + "/") and v != "sqlite:///:memory:":
            return prefix + str(ROOT / v[len(prefix):])
        return v


@lru_cache
def get_settings() -> Settings:
    return Settings()
