"""What changed since a git revision: the documents `--changed-since` reports on."""

from __future__ import annotations

import subprocess
from pathlib import Path


class ChangesError(Exception):
    """git could not say what changed; the message says why and what to do."""


def changed_since(revision: str, folder: Path) -> set[str]:
    """Files added, changed or renamed since `revision` (committed or not, untracked included).

    Paths are relative to `folder`, in the form findings show them (`display_path`),
    so findings can be matched against them.
    """
    if revision.startswith("-"):
        raise ChangesError(f"--changed-since {revision!r}: expected a git revision (a branch, tag or commit)")
    diff = ["diff", "--name-only", "-z", "--relative", "--no-renames", "--diff-filter=ACMRT", revision, "--"]
    untracked = ["ls-files", "--others", "--exclude-standard", "-z"]
    return {name for command in (diff, untracked) for name in _git(command, folder, revision).split("\0") if name}


def _git(arguments: list[str], folder: Path, revision: str) -> str:
    try:
        done = subprocess.run(
            ["git", *arguments],
            cwd=folder,
            capture_output=True,
            encoding="utf-8",
            errors="surrogateescape",
            check=False,
        )
    except FileNotFoundError:
        raise ChangesError("--changed-since needs git, which is not installed or not on PATH") from None
    if done.returncode != 0:
        reason = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit status {done.returncode}"
        raise ChangesError(
            f"--changed-since {revision}: git cannot compare with it ({reason}); run inside a git work tree and"
            " name a revision it has (in CI, fetch enough history: actions/checkout with fetch-depth: 0)"
        )
    return done.stdout
