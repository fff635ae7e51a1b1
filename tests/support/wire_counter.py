"""Counting what really crosses to the database engine, independently of the code under test.

PostgreSQL: a loopback TCP proxy in front of the server counts round trips — each burst of bytes the
client sends after the server last answered is one. SQLite: every hop to aiosqlite's thread is one call
of its connection's ``_execute``.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import aiosqlite
import pytest


class RoundTripProxy:
    """127.0.0.1:port → the PostgreSQL server; ``round_trips`` counts client bursts."""

    def __init__(self, server_url: str) -> None:
        parts = urlsplit(server_url)
        self.parts = parts
        self.target = (parts.hostname or "127.0.0.1", parts.port or 5432)
        self.round_trips = 0
        self.server: asyncio.AbstractServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        port = self.server.sockets[0].getsockname()[1]
        user = f"{self.parts.username}@" if self.parts.username else ""
        return urlunsplit((self.parts.scheme, f"{user}127.0.0.1:{port}", self.parts.path, self.parts.query, ""))

    async def __aenter__(self) -> RoundTripProxy:
        self.server = await asyncio.start_server(self._client, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.server is not None
        self.server.close()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        state = {"answered": True}

        async def pump(src: asyncio.StreamReader, dst: asyncio.StreamWriter, from_client: bool) -> None:
            with contextlib.suppress(ConnectionError):
                while data := await src.read(65536):
                    if from_client and state["answered"]:
                        self.round_trips += 1
                    state["answered"] = not from_client
                    dst.write(data)
                    await dst.drain()
            dst.close()

        await asyncio.gather(pump(reader, up_writer, True), pump(up_reader, writer, False))


@contextlib.contextmanager
def sqlite_hops(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """A one-item list holding the number of hops to aiosqlite's thread since the block began."""
    count = [0]
    original = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    yield count


@contextlib.asynccontextmanager
async def proxied(server_url: str) -> AsyncIterator[RoundTripProxy]:
    async with RoundTripProxy(server_url) as proxy:
        yield proxy
