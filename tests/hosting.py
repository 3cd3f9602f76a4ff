"""A static host for tests, like the ones the site is deployed to: the built
folder served under a sub-path (/cchc/), the site's 404.html for anything
missing, and the headers of its `_headers` file (Netlify/Cloudflare rules:
every rule whose path matches adds its headers)."""

from __future__ import annotations

import fnmatch
import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit


def read_headers_file(path: Path) -> list[tuple[str, list[tuple[str, str | None]]]]:
    rules: list[tuple[str, list[tuple[str, str | None]]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif line.strip().startswith("! "):  # detach a header an earlier rule set (Cloudflare Pages)
            rules[-1][1].append((line.strip()[2:].strip(), None))
        else:
            name, value = line.strip().split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


class _Host(http.server.SimpleHTTPRequestHandler):
    prefix = "/"
    rules: list = []

    def log_message(self, *args) -> None:
        pass

    def translate_path(self, path: str) -> str:
        path = unquote(urlsplit(path).path)
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "..outside-the-prefix..")  # no such file: 404
        return super().translate_path("/" + path[len(self.prefix) :])

    def end_headers(self) -> None:
        path = unquote(urlsplit(self.path).path)
        chosen: list[tuple[str, str]] = []
        for pattern, headers in self.rules:
            if fnmatch.fnmatchcase(path, pattern):
                for name, value in headers:
                    if value is None:
                        chosen = [(other, kept) for other, kept in chosen if other.lower() != name.lower()]
                    else:
                        chosen.append((name, value))
        for name, value in chosen:
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def host(folder: Path, prefix: str = "/", address: str = "127.0.0.1", port: int = 0, headers: bool = True):
    """Serve `folder` at http://address:port<prefix> with its _headers; yields the base URL."""
    rules = read_headers_file(folder / "_headers") if headers and (folder / "_headers").is_file() else []
    handler = type("Host", (_Host,), {"prefix": prefix, "rules": rules})
    server = http.server.ThreadingHTTPServer((address, port), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{address}:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
