"""Metrics, the per-update log line, and the optional /healthz + /metrics HTTP endpoint."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from bot.storage.db import Database

if TYPE_CHECKING:
    from aiohttp.web import AppRunner, Request, Response

    Route = tuple[str, Callable[[Request], Awaitable[Response]]]

log = logging.getLogger("bot.updates")


class Metrics:
    """The bot's Prometheus metrics, in a registry of its own (no global state)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter(
            "coach_updates", "Updates handled, by outcome", ["outcome"], registry=self.registry
        )
        self.latency = Histogram(
            "coach_update_seconds",
            "Time to handle one update (until its replies are committed)",
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
            registry=self.registry,
        )

    def watch(self, name: str, read: Callable[[], dict[str, float]], kind: str = "counter") -> None:
        """Expose values read at scrape time (e.g. the outbox's counters)."""
        self.registry.register(_Reader(name, read, kind))

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


@dataclass(eq=False)
class _Reader(Collector):
    name: str
    read: Callable[[], dict[str, float]]
    kind: str

    def collect(self) -> Iterator[CounterMetricFamily | GaugeMetricFamily]:
        family_type = CounterMetricFamily if self.kind == "counter" else GaugeMetricFamily
        family = family_type(self.name, self.name.replace("_", " "), labels=["what"])
        for label, value in self.read().items():
            family.add_metric([label], value)
        yield family


class UpdateTimer:
    """Times one update and writes its one log line: who, what kind, outcome, milliseconds.

    The text of a message is never logged; only its kind (a command's name, a button's prefix).
    """

    def __init__(self, metrics: Metrics, update_id: int, user_id: int | None, kind: str) -> None:
        self.metrics = metrics
        self.update_id = update_id
        self.user_id = user_id
        self.kind = kind
        self.started = time.perf_counter()

    def done(self, outcome: str) -> None:
        elapsed = time.perf_counter() - self.started
        self.metrics.updates.labels(outcome).inc()
        self.metrics.latency.observe(elapsed)
        log.info(
            "update=%s user=%s kind=%s outcome=%s ms=%.1f",
            self.update_id,
            self.user_id,
            self.kind,
            outcome,
            elapsed * 1000,
        )


async def start_http(
    host: str,
    port: int,
    metrics: Metrics,
    db: Database,
    api_up: Callable[[], bool],
    webhook: Route | None = None,
) -> AppRunner:
    """Serve GET /healthz (200 when the database answers and the Bot API is reachable, else
    503) and GET /metrics (Prometheus text format) on host:port; with `webhook` (path,
    handler), also POST on that path (`bot.telegram.webhook`). Raises OSError if the address
    cannot be bound."""
    from aiohttp import web  # only when the endpoint is switched on: it costs start-up time

    async def healthz(_: web.Request) -> web.Response:
        database = True
        try:
            async with db.transaction() as tx:
                await tx.fetchone("SELECT 1")
        except Exception:
            database = False
        ok = database and api_up()
        body = {"status": "ok" if ok else "degraded", "database": database, "bot_api": api_up()}
        return web.json_response(body, status=200 if ok else 503)

    async def metrics_page(_: web.Request) -> web.Response:
        return web.Response(body=metrics.exposition(), content_type="text/plain")

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics_page)
    if webhook is not None:
        app.router.add_post(*webhook)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
