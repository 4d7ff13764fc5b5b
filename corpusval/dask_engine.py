"""The engine on a Dask cluster (dask.distributed): shards on the workers, summaries reduced there too.

Each shard's phase one runs as a task; its corpus-wide summaries stay on the
workers and are merged pairwise in a tree of tasks, in shard order (so the corpus
state is the one the local engine computes), and finished there. Only findings
and the small finished state come back to this process. Without a scheduler
address, a `LocalCluster` with a worker per core is started for the run.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from typing import Any

from corpusval.engine import Engine
from corpusval.runner import Pool, PoolFactory
from corpusval.shards import Gathered


class DaskUnavailable(Exception):
    """dask.distributed is missing or the scheduler cannot be reached; the message says what to do."""


def dask_pool(scheduler: str | None = None, workers: int | None = None) -> PoolFactory:
    """A pool on the Dask scheduler at `scheduler` (`tcp://host:8786`), or on a new local cluster."""

    def make(engine: Engine, shards: int) -> AbstractContextManager[Pool]:
        return _connected(engine, scheduler, workers)

    return make


@contextmanager
def _connected(engine: Engine, scheduler: str | None, workers: int | None) -> Iterator[Pool]:
    distributed = _distributed()
    if scheduler is None:
        cluster = distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        with cluster, distributed.Client(cluster) as client:
            yield DaskPool(client, engine)
        return
    try:
        client = distributed.Client(scheduler, timeout="30s")
    except OSError as error:
        raise DaskUnavailable(
            f"cannot reach the Dask scheduler at {scheduler} ({error}); check the address (tcp://host:8786)"
            " and that the workers have corpusval installed"
        ) from None
    with client:
        yield DaskPool(client, engine)


def _distributed() -> Any:
    """dask.distributed, untyped: imported only for `--engine dask`."""
    try:
        return importlib.import_module("dask.distributed")
    except ImportError:
        raise DaskUnavailable("--engine dask needs dask.distributed: pip install 'corpusval[dask]'") from None


class DaskPool:
    """Shards as Dask tasks; the engine is sent to every worker once.

    Workers may be other people's machines: they never see the cache (its signing key
    would let them write entries this user's next run unpickles).
    """

    shares_cache = False

    def __init__(self, client: Any, engine: Engine) -> None:
        self._client = client
        self.workers = max(1, sum(client.nthreads().values()))
        self._engine = client.scatter(engine, broadcast=True)
        self._summaries: dict[str, Any] = {}  # shard key -> future of its summaries, left on the workers

    def map(self, function: Callable[..., Any], calls: Sequence[tuple[Any, ...]]) -> Iterator[tuple[int, Any]]:
        as_completed = _distributed().as_completed
        full = [self._client.submit(function, self._engine, *call, pure=False) for call in calls]
        light = {self._client.submit(_without_summaries, future): index for index, future in enumerate(full)}
        for future in as_completed(light):
            index = light[future]
            result = future.result()
            if isinstance(result, list) and result and isinstance(result[0], Gathered):
                self._summaries[result[0].key] = self._client.submit(_summaries_of, full[index])
            yield index, result

    def reduce(self, gathered: Sequence[Gathered]) -> dict[str, Any]:
        """Merge pairwise on the workers, in the order given, then finish there.

        Shards the cache held carry their summaries here; they join the tree as they are.
        """
        level = [self._summaries.pop(item.key, None) or item.summaries for item in gathered]
        while len(level) > 1:
            pairs = [level[index : index + 2] for index in range(0, len(level), 2)]
            level = [self._client.submit(_merge, self._engine, *pair, pure=False) for pair in pairs]
        if not level:
            return {}
        return self._client.submit(_finish, self._engine, level[0], pure=False).result()  # type: ignore[no-any-return]


def _without_summaries(results: Any) -> Any:
    """What comes back to the client: findings and counts; the summaries stay on the cluster."""
    return [replace(item, summaries={}) if isinstance(item, Gathered) else item for item in results]


def _summaries_of(results: list[Gathered]) -> dict[str, Any]:
    """The summaries of a call's shards, which the first carries (see `gather_shards`)."""
    return results[0].summaries


def _merge(engine: Engine, *parts: dict[str, Any]) -> dict[str, Any]:
    return engine.merge(parts)


def _finish(engine: Engine, summaries: dict[str, Any]) -> dict[str, Any]:
    return engine.finish(summaries)
