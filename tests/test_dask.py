"""The Dask engine: the same findings as the local engine, on a LocalCluster with two workers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import corpusval.shards
from corpusval.cli import main
from corpusval.dask_engine import dask_pool
from corpusval.rules import default_rules_path, load_rules
from corpusval.runner import run
from tests.conftest import REPO, inside


@pytest.fixture(scope="module")
def cluster_report() -> tuple[list[object], list[object], int]:
    """The sample corpus checked locally and on a cluster, cut into many shards."""
    rules = load_rules([default_rules_path()])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(corpusval.shards, "SHARD_BYTES", 4000)
        with inside(REPO):
            local = run([Path("sample_corpus")], rules, jobs=1)
            remote = run([Path("sample_corpus")], rules, pool=dask_pool(workers=2))
    return local.report.findings, remote.report.findings, remote.shards  # type: ignore[return-value]


def test_a_cluster_finds_what_the_local_engine_finds(cluster_report: tuple[list[object], list[object], int]) -> None:
    local, remote, shards = cluster_report
    assert shards > 4
    assert remote == local
    rules = {finding.rule for finding in remote}  # type: ignore[attr-defined]
    assert "name-spelling" in rules  # a corpus-wide rule, reduced across the workers


def test_the_cli_on_a_cluster_with_a_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = (REPO / "sample_corpus").as_uri()  # file://...: read through fsspec, as s3:// would be
    with inside(tmp_path):
        status = main(["check", url, "--engine", "dask", "--jobs", "2", "--format", "json", "--no-cache"])
        remote = json.loads(capsys.readouterr().out)
        main(["check", str(REPO / "sample_corpus"), "--format", "json", "--no-cache"])
        local = json.loads(capsys.readouterr().out)
    assert status == 1
    assert remote["summary"] == local["summary"]
    shown = {finding["path"].removeprefix("file://") for finding in remote["findings"]}
    assert shown == {finding["path"] for finding in local["findings"]}


def test_a_scheduler_without_the_dask_engine_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(REPO / "sample_corpus"), "--scheduler", "tcp://localhost:1"]) == 2
    assert "--engine dask" in capsys.readouterr().err
