"""A local webhook receiver for the tests: http.server in a thread, checking signatures with the
recipe of docs/api.md (the documented function itself, read from the documentation)."""

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.conf import settings

DOC = Path(settings.BASE_DIR) / "docs" / "api.md"


def documented_recipe():
    """`webhook_is_genuine` as docs/api.md defines it (its one Python example)."""
    (source,) = re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)
    namespace: dict = {}
    exec(compile(source, str(DOC), "exec"), namespace)  # noqa: S102 - our own documentation's example
    return namespace["webhook_is_genuine"]


@dataclass
class Received:
    headers: dict
    body: bytes
    genuine: bool

    @property
    def event(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Answers `status` (200 unless told otherwise) and keeps every call it got."""

    secret: str = ""
    status: int = 200
    calls: list[Received] = field(default_factory=list)
    url: str = ""

    def of_type(self, event_type: str) -> list[Received]:
        return [call for call in self.calls if call.headers.get("X-Webhook-Event") == event_type]


def receiver_start() -> tuple[Receiver, ThreadingHTTPServer]:
    receiver = Receiver()
    genuine = documented_recipe()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            headers = dict(self.headers.items())
            ok = genuine(receiver.secret, body, headers.get("X-Webhook-Timestamp"), headers.get("X-Webhook-Signature"))
            receiver.calls.append(Received(headers=headers, body=body, genuine=ok))
            self.send_response(receiver.status)
            self.end_headers()
            self.wfile.write(b"thanks" if receiver.status < 300 else b"down for maintenance")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver, server
