"""The deployment files: Kubernetes manifests against the Kubernetes schemas, HAProxy's config, the image recipe.

`make image-test` runs the image itself and `make fleet` the replicas behind
HAProxy; these checks need neither an engine nor a cluster.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from ingest.guide import read_guide

ROOT = Path(__file__).resolve().parent.parent
MANIFESTS = ROOT / "deploy" / "kubernetes"
KUBERNETES = "1.33.0"


def documents() -> dict[str, dict]:
    docs = {}
    for path in sorted(MANIFESTS.glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text("utf-8")):
            docs[doc["kind"]] = doc
    return docs


def test_every_manifest_validates_against_the_kubernetes_schema() -> None:
    docs = documents()
    assert set(docs) == {"Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler", "ConfigMap"}
    for doc in docs.values():
        kubernetes_validate.validate(doc, KUBERNETES, strict=True)  # raises on any unknown or wrong field


def test_an_invalid_manifest_is_caught() -> None:
    """The validation can fail: a misspelt field is an error."""
    deployment = documents()["Deployment"]
    deployment["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {"httpGet": {"path": "/readyz"}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES, strict=True)


def test_the_deployment() -> None:
    deployment = documents()["Deployment"]
    spec = deployment["spec"]
    pod = spec["template"]["spec"]
    container = pod["containers"][0]
    assert spec["replicas"] == 3
    assert container["startupProbe"]["httpGet"]["path"] == "/readyz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["lifecycle"]["preStop"]["sleep"]["seconds"] > 0
    assert pod["securityContext"]["runAsNonRoot"] and pod["securityContext"]["runAsUser"] != 0
    assert container["securityContext"]["readOnlyRootFilesystem"]
    assert {"cpu", "memory"} <= container["resources"]["requests"].keys() <= container["resources"]["limits"].keys()
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert volumes[mounts["/app/corpus"]]["configMap"]["name"] == documents()["ConfigMap"]["metadata"]["name"]
    assert "emptyDir" in volumes[mounts["/tmp"]]  # the read-only root's one writable place


def test_disruption_budget_and_autoscaler() -> None:
    docs = documents()
    assert docs["PodDisruptionBudget"]["spec"]["minAvailable"] == 2
    metric = docs["HorizontalPodAutoscaler"]["spec"]["metrics"][0]
    assert metric["resource"]["name"] == "cpu"
    assert docs["HorizontalPodAutoscaler"]["spec"]["minReplicas"] == docs["Deployment"]["spec"]["replicas"]


def test_the_configmap_ladders_ingest(tmp_path: Path) -> None:
    """The example ConfigMap is a corpus ladder reads with no configuration."""
    for name, text in documents()["ConfigMap"]["data"].items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        guide = read_guide(path)
        assert [p.level.title for p in guide.levels] == ["Engineer I", "Engineer II", "Senior Engineer"]


def test_haproxy_config_is_valid(tmp_path: Path) -> None:
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    assert Path(haproxy).exists(), "HAProxy is not installed: `make test` installs it (apt-get install haproxy)"
    env = {
        **os.environ,
        "LADDER_FLEET_SOCKET": str(tmp_path / "s"),
        "LADDER_FLEET_PORT": "8100",
        **{f"LADDER_FLEET_R{i}": str(8100 + i) for i in (1, 2, 3)},
    }
    config = ROOT / "deploy" / "haproxy.cfg"
    result = subprocess.run([haproxy, "-c", "-f", str(config)], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    text = config.read_text()
    assert "option httpchk GET /readyz" in text and "option redispatch" in text
    assert re.search(r"timeout http-request \d+s", text) and re.search(r"timeout http-keep-alive \d+s", text)
    assert "tune.bufsize 16384" in text


def test_the_containerfile() -> None:
    text = (ROOT / "Containerfile").read_text()
    assert text.count("\nFROM ") == 2  # a build stage and the service's
    assert "ARG BASE=python:3.11-slim-bookworm" in text
    assert "pip install torch==2.13.0" in text
    assert re.search(r"^USER [1-9]\d*:[1-9]\d*$", text, re.MULTILINE)
    assert "EXPOSE 8000" in text and "HEALTHCHECK" in text and "/readyz" in text
    # Machine-specific flags (certificates, pip's mirrors, runtimes) stay in the Makefile.
    assert "/opt/" not in text.replace("/opt/build", "").replace("/opt/venv", "")
    assert "PIP_CERT" not in text
