"""The web side: one aiohttp server for webhooks, guide pages, report downloads and dashboards; printables."""
