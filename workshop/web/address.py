"""Where phones join: this laptop's address on the room's network, and a free port.

No library is needed to find the address: the operating system says which
address it would send from to the local network (a UDP socket is connected,
nothing is sent), and which addresses the laptop's name resolves to.
Loopback and link-local addresses are left out: a phone cannot reach them.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import socket

DEFAULT_PORT = 8765
PORTS_TRIED = 20

NO_NETWORK = (
    "This laptop has no address on a local network, so phones cannot reach it. Connect "
    "to the room's Wi-Fi, or turn on the laptop's own hotspot and let phones join it; "
    "to try phone voting alone on this laptop, use --host 127.0.0.1. Keypad voting "
    "works as usual."
)


def lan_addresses() -> list[str]:
    """IPv4 addresses other devices on the network could reach this laptop at."""
    found: list[str] = []
    for probe in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect((probe, 9))  # chooses a route; sends nothing
            found.append(s.getsockname()[0])
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(info[4][0]))
    return [a for a in dict.fromkeys(found) if reachable(a)]


def reachable(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast)


def bound_socket(host: str, port: int) -> tuple[socket.socket, int]:
    """A listening socket on `port`, or the next free one; OSError when none is free."""
    last: OSError | None = None
    for candidate in range(port, port + PORTS_TRIED):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, candidate))
            sock.listen(1024)
            sock.setblocking(False)
            return sock, sock.getsockname()[1]  # port 0 asks for any free one
        except OSError as error:
            sock.close()
            if error.errno != errno.EADDRINUSE:
                raise
            last = error
    raise OSError(
        errno.EADDRINUSE, f"ports {port} to {port + PORTS_TRIED - 1} are all in use"
    ) from last
