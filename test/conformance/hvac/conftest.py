"""A tsvault dev server for the hvac tests (test_hvac.py, test_hvac_auth.py).

`start_dev_server(prefix)` starts `vault server -dev` on a free port with a random root token, and
`stop_dev_server` stops it with the leak check of test/support/leak-check.ts: no recorded secret may
appear in the server's output, apart from the two banner rows that print the unseal key and root
token by design.
"""
import json
import os
import re
import secrets
import socket
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CLI = ROOT / "dist" / "src" / "cli" / "main.js"
BANNER_SECRET_ROW = re.compile(r"^\s*(Unseal Key|Root Token): ")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class DevServer:
    url: str
    root_token: str
    log_path: Path
    proc: subprocess.Popen
    secrets: list = field(default_factory=list)
    unseal_key: str = ""
    strict_http: bool = True

    def record(self, *values) -> None:
        """A value that must never appear in the server's output (short values are ignored)."""
        self.secrets.extend(v for v in values if isinstance(v, str) and len(v) >= 12)

    def leaks(self) -> list:
        body = "\n".join(l for l in self.log_path.read_text().splitlines() if not BANNER_SECRET_ROW.match(l))
        return [f"{s[:6]}…" for s in self.secrets if s in body]


def start_dev_server(prefix: str) -> DevServer:
    assert CLI.exists(), f"{CLI} is missing: run `npm run build` first"
    port = _free_port()
    home = tempfile.mkdtemp(prefix=prefix)
    log_path = Path(home) / "server.log"
    root_token = f"hvac-root-{secrets.token_hex(12)}"
    with open(log_path, "wb") as log:  # a file, not a pipe nobody reads
        proc = subprocess.Popen(
            ["node", str(CLI), "server", "-dev", f"-dev-root-token-id={root_token}", f"-dev-listen-address=127.0.0.1:{port}"],
            env={"PATH": os.environ["PATH"], "HOME": home},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = DevServer(url=f"http://127.0.0.1:{port}", root_token=root_token, log_path=log_path, proc=proc)
    deadline = time.time() + 20
    while True:
        try:
            with urllib.request.urlopen(f"{server.url}/v1/sys/health") as r:
                if json.load(r)["sealed"] is False:
                    break
        except OSError:
            pass
        assert proc.poll() is None, f"server exited during start-up:\n{log_path.read_text()}"
        assert time.time() < deadline, "server did not start"
        time.sleep(0.05)
    while not (banner := re.search(r"Unseal Key: (\S+)\n", log_path.read_text())):
        assert time.time() < deadline, f"no unseal key in the dev banner:\n{log_path.read_text()}"
        time.sleep(0.05)
    server.unseal_key = banner.group(1)
    server.record(banner.group(1), root_token)
    return server


# hvac's two modes: the default sends list calls with the LIST method, strict_http=True sends them as
# GET ?list=true. Each test module runs once per mode, on a fresh dev server each time.
MODES = {"default": False, "strict_http": True}

def stop_dev_server(server: DevServer) -> None:
    server.proc.terminate()
    server.proc.wait(timeout=10)
    leaks = server.leaks()
    assert not leaks, f"secrets found in the server's output ({server.log_path}): {leaks}"
    print(f"leak check: {server.log_path} clean of {len(server.secrets)} secrets")
