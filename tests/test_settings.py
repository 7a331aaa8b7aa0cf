"""Configuration: one typed settings object, the only reader of LADDER_ variables, documented in the README."""

from __future__ import annotations

import re

import pytest

from service.settings import Settings, SettingsError, load_settings
from tests.conftest import ROOT

PACKAGES = ("core", "ingest", "index", "service")


def test_the_readme_documents_every_setting_and_no_other() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `(LADDER_[A-Z0-9_]+)` \|", section, re.MULTILINE)
    assert sorted(documented) == sorted(f"LADDER_{name.upper()}" for name in Settings.model_fields)


def test_only_the_settings_read_ladder_variables() -> None:
    reads = re.compile(r"""(?:environ\.get|getenv|environ\[)\(?\s*["']LADDER_""")
    offenders = [
        str(path.relative_to(ROOT))
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if reads.search(path.read_text("utf-8"))
    ]
    assert offenders == []


def test_a_wrong_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SettingsError, match="LADDER_PORT"):
        load_settings(port=70000)
    monkeypatch.setenv("LADDER_ENCODE_WORKERS", "none")
    with pytest.raises(SettingsError, match="LADDER_ENCODE_WORKERS"):
        load_settings()
    monkeypatch.delenv("LADDER_ENCODE_WORKERS")
    monkeypatch.setenv("LADDER_CORS_ORIGINS", "http://[::1]:8080, HTTPS://Portal.Example.com, capacitor://localhost")
    assert load_settings().cors_origins == ("http://[::1]:8080", "https://portal.example.com", "capacitor://localhost")
    for wrong in ("not a url", "portal.example.com", "https://portal.example.com/search", "http://x:99999"):
        monkeypatch.setenv("LADDER_CORS_ORIGINS", f"http://127.0.0.1:8766, {wrong}")
        with pytest.raises(SettingsError, match=f"LADDER_CORS_ORIGINS.*not an origin.*{wrong}"):
            load_settings()


def test_values_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LADDER_CORS_ORIGINS", "http://a.example, http://b.example/")
    monkeypatch.setenv("LADDER_ENCODE_WORKERS", "3")
    monkeypatch.setenv("LADDER_ADMIN_TOKEN", "  ")
    settings = load_settings()
    assert settings.cors_origins == ("http://a.example", "http://b.example")
    assert settings.encode_workers == 3
    assert settings.admin_token is None  # blank is unset
