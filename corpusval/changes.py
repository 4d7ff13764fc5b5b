"""What changed since a git revision: the documents `--changed-since` reports on."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class ChangesError(Exception):
    """git could not say what changed; the message says why and what to do."""


class Changes:
    """The files added, changed or renamed since a revision, committed or not, untracked ones included."""

    def __init__(self, paths: set[str]) -> None:
        self._paths = paths  # absolute, links resolved

    def __contains__(self, path: object) -> bool:
        """Whether the file at `path` (as found: relative to the working folder, or absolute) changed."""
        return isinstance(path, str) and os.path.realpath(path) in self._paths


def changed_since(revision: str, folder: Path) -> Changes:
    """Ask git, in the work tree holding `folder`, what changed since `revision`.

    Asked before a run, so a bad revision is said at once, not after checking the corpus.
    """
    if revision.startswith("-"):
        raise ChangesError(f"--changed-since {revision!r}: expected a git revision (a branch, tag or commit)")
    top = _git(["rev-parse", "--show-toplevel"], folder, revision).strip()
    _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], folder, revision)
    diff = ["diff", "--name-only", "-z", "--no-renames", "--diff-filter=ACMRT", revision, "--"]
    untracked = ["ls-files", "--others", "--exclude-standard", "-z", "--full-name"]
    names = {name for command in (diff, untracked) for name in _git(command, Path(top), revision).split("\0") if name}
    return Changes({os.path.realpath(os.path.join(top, name)) for name in names})


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
        fatal = [line for line in done.stderr.splitlines() if line.startswith(("fatal:", "error:"))]
        reason = fatal[0] if fatal else f"no such revision: {revision}" if "--verify" in arguments else "git failed"
        raise ChangesError(
            f"--changed-since {revision}: git cannot compare with it ({reason}); run inside a git work tree and"
            " name a revision it has (in CI, fetch enough history: actions/checkout with fetch-depth: 0)"
        )
    return done.stdout
