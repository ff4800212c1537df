"""The app over a real SSH session on loopback: a private sshd, `ssh -tt` inside tmux at 80x24."""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.terminal import BROADSHEET, REPO, Tmux, read_the_seeds
from tests.conftest import SEEDS

SSHD = Path("/usr/sbin/sshd")

pytestmark = pytest.mark.skipif(
    not SSHD.exists() or shutil.which("ssh") is None or shutil.which("tmux") is None,
    reason="needs openssh-server, openssh-client and tmux",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """A throwaway sshd on 127.0.0.1 that lets this user in with a throwaway key."""
    keys = tmp_path / "ssh"
    keys.mkdir(mode=0o700)
    for name in ("host_key", "user_key"):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(keys / name)], check=True
        )
    authorized = keys / "authorized_keys"
    shutil.copy(keys / "user_key.pub", authorized)
    authorized.chmod(0o600)
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation dir
    port = free_port()
    config = keys / "sshd_config"
    config.write_text(
        f"HostKey {keys / 'host_key'}\n"
        f"AuthorizedKeysFile {authorized}\n"
        f"PidFile {keys / 'sshd.pid'}\n"
        "PasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\n"
        "PermitRootLogin prohibit-password\n"
        "UsePAM no\n"
        "StrictModes no\n"
        "PrintMotd no\n"
    )
    server = subprocess.Popen(
        [
            str(SSHD),
            "-D",
            "-e",
            "-f",
            str(config),
            "-p",
            str(port),
            "-o",
            "ListenAddress=127.0.0.1",
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.skip(f"sshd would not start: {server.stderr.read() if server.stderr else ''}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    yield port, keys / "user_key"
    server.terminate()
    server.wait(timeout=10)


def test_every_key_over_ssh(sshd: tuple[int, Path], tmp_path: Path) -> None:
    port, user_key = sshd
    library = tmp_path / "library"
    remote = f"cd {REPO} && PAGER=less {BROADSHEET} --index {library} {SEEDS}"
    ssh = (
        f"ssh -tt -p {port} -i {user_key} -o BatchMode=yes -o StrictHostKeyChecking=no"
        f" -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR {getpass.getuser()}@127.0.0.1"
        f" '{remote}'"
    )
    term = Tmux(tmp_path / "tmux.sock")
    try:
        term.start(ssh, {"TERM": "screen"})
        read_the_seeds(term)
    finally:
        term.stop()
