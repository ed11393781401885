"""Real servers for the web tests: the marsad app under uvicorn on loopback, an aiosmtpd SMTP sink,
and a store built by `marsad run` from the bundled sample, the dev articles and a hostile article."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import uvicorn
from aiosmtpd.controller import Controller

from marsad.web.app import create_app
from marsad.web.context import WebSettings
from marsad.web.watchlists import MailSettings

MARSAD = [sys.executable, "-m", "marsad.cli"]
XSS_SCRIPT = "<script>alert('xss')</script>"
XSS_IMG = "\"><img src=x onerror=alert(3)>"
# an article that carries markup in its title, URL and text: it must show as text everywhere
HOSTILE_ARTICLE = {
    "doc_id": "xss-1", "url": "javascript:alert(1)", "published": "2025-06-01",
    "title": "<script>alert('title')</script> \"><img src=x onerror=alert(2)>",
    "text": ("استقبل وزير الداخلية المغربي عبد الوافي لفتيت، اليوم الأحد بالرباط، وزير الداخلية الإسباني فرناندو غراندي مارلاسكا، "
             f"لبحث التعاون الأمني بين البلدين {XSS_SCRIPT} {XSS_IMG}.\nوأكد الجانبان أهمية تعزيز التنسيق في مكافحة الإرهاب."),
}
# arrives after a watchlist is confirmed: the digest must carry its event
LATE_ARTICLE = {
    "doc_id": "late-1", "url": "http://example.ma/late-1", "published": "2025-07-02", "title": "زيارة أمنية",
    "text": ("استقبل وزير الداخلية الموريتاني محمد أحمد ولد محمد الأمين، اليوم الأربعاء بنواكشوط، "
             "المدير العام للأمن الوطني المغربي عبد اللطيف حموشي، لبحث التعاون الأمني."),
}
EMAILS = {"ana": "ana.private@example.org", "vic": "vic.private@example.org", "root": "root.private@example.org"}
PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MailSink:
    """aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.messages) >= count, f"expected {count} mails, got {len(self.messages)}"
        return self.messages


def body_text(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def link_in(message: EmailMessage, path: str) -> str:
    found = re.search(r"https?://\S+" + re.escape(path) + r"\S*", body_text(message))
    assert found, f"no {path} link in the mail"
    return found.group(0)


@dataclass
class Site:
    base_url: str
    db: Path
    mail: MailSink
    smtp_port: int
    tokens: dict[str, str] = field(default_factory=dict)

    def marsad(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run([*MARSAD, *args], capture_output=True, text=True, timeout=300)
        if check:
            assert done.returncode == 0, done.stderr
        return done


def build_store(db: Path, shared: Path, tmp: Path) -> dict[str, str]:
    hostile = tmp / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE_ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    for inputs in ([], [str(shared / "events" / "dev" / "articles"), str(hostile)]):
        subprocess.run([*MARSAD, "run", *inputs, "--db", str(db), "--workers", "1"], check=True, capture_output=True, timeout=600)
    tokens = {}
    for name, role in (("ana", "analyst"), ("vic", "viewer"), ("root", "admin")):
        done = subprocess.run([*MARSAD, "user", "add", name, "--role", role, "--email", EMAILS[name], "--password-env", "MARSAD_TEST_PW",
                               "--api-token", "--db", str(db)], capture_output=True, text=True, check=True, timeout=60,
                              env={**os.environ, "MARSAD_TEST_PW": PASSWORD})
        tokens[name] = done.stdout.split("API token (shown once): ")[1].strip()
    return tokens


class LiveServer:
    def __init__(self, settings: WebSettings, port: int | None = None):
        self.port = port or free_port()
        self.server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


class SmtpServer:
    def __init__(self) -> None:
        self.sink = MailSink()
        self.port = free_port()
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


def mail_settings(smtp_port: int, base_url: str) -> MailSettings:
    return MailSettings(host="127.0.0.1", port=smtp_port, sender="marsad@test.local", base_url=base_url)
