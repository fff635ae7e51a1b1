"""The seam between channels and the one web server: the paths each channel answers on.

A channel in webhook mode mounts its handler when it is ready and unmounts it when it stops; the web server
looks the path up on every request, so channels start and stop in any order around it. Handlers are plain
aiohttp handlers; the server has already refused oversized bodies and added its security headers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from aiohttp import web

from storage.people import Person

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class Route:
    """One path a channel answers (``/zalo``), for the given HTTP methods."""

    path: str
    handler: Handler
    owner: str  # the channel's name, for logs and clashes
    methods: frozenset[str] = frozenset({"POST"})


class Routes:
    """The channels' mounted paths; the web server's pages never appear here."""

    def __init__(self) -> None:
        self._routes: dict[str, Route] = {}

    def mount(self, route: Route) -> None:
        if not route.path.startswith("/"):
            raise ValueError(f"{route.owner}: webhook path {route.path!r} must start with /")
        held = self._routes.get(route.path)
        if held is not None and held.owner != route.owner:
            raise ValueError(f"{route.owner}: path {route.path} is already used by {held.owner}")
        self._routes[route.path] = route

    def unmount(self, path: str, owner: str) -> None:
        held = self._routes.get(path)
        if held is not None and held.owner == owner:
            del self._routes[path]

    def find(self, path: str) -> Route | None:
        return self._routes.get(path)

    def __iter__(self) -> Iterator[Route]:
        return iter(list(self._routes.values()))


@dataclass(frozen=True)
class Link:
    """A signed web address and the moment it stops working."""

    url: str
    expires: datetime


# Makes the download link of one report (the person it is for, area code, period key); set by the web side
# when links can be signed, so features below it can offer a link on channels that cannot carry files.
ReportLink = Callable[[Person, str, str], Link]
