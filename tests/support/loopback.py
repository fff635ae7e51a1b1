"""Start an aiohttp app on 127.0.0.1 at a free port, and serve files, for the fake platform servers."""

from __future__ import annotations

from aiohttp import web


async def serve(app: web.Application) -> tuple[web.AppRunner, int]:
    """The running app's runner (clean it up when done) and the port it listens on."""
    runner = web.AppRunner(app, shutdown_timeout=0.5)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, int(runner.addresses[0][1])


class HostedFiles:
    """What people send, served at ``/files/<name>`` as Zalo's servers hand photos and voice notes out."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def mount(self, app: web.Application) -> None:
        app.router.add_get("/files/{name}", self.serve)

    def add(self, base_url: str, name: str, content: bytes) -> str:
        """Keep CONTENT and return its address under BASE_URL (``http://127.0.0.1:PORT``)."""
        self.files[name] = content
        return f"{base_url}/files/{name}"

    async def serve(self, request: web.Request) -> web.Response:
        content = self.files.get(request.match_info["name"])
        return web.Response(status=404) if content is None else web.Response(body=content)
