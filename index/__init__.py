"""Search, answers, matching and comparison over an ingested index."""

import json
from importlib import resources


def read_data(name: str) -> dict:
    """A constants file shipped in index/data/ (fitted or labelled by `ladder eval --tune`)."""
    return json.loads(resources.files("index").joinpath(f"data/{name}").read_text("utf-8"))
