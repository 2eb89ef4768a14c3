"""Phone voting as the app runs it: the server of one session, started and stopped with it.

Imported only when a session votes by phone, so a keypad session never loads
the web server (aiohttp is the largest import the tool has). It reaches the
session only through the live session, and tells the screen of joins.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

from workshop.launch import PhoneAddress
from workshop.live import LiveSession
from workshop.storage.phones import PhonesFileError, load_phones, phones_path
from workshop.tui.steps.view import Phones
from workshop.web.address import DEFAULT_PORT, NO_NETWORK, lan_addresses
from workshop.web.registry import Registry
from workshop.web.server import PhoneServer
from workshop.web.sink import LiveSink


class PhoneVoting:
    def __init__(
        self,
        live: LiveSession,
        address: PhoneAddress,
        *,
        show_results: bool = False,
        on_join: Callable[[], object] = lambda: None,
    ) -> None:
        assert live.record is not None
        self.live = live
        self.path: Path = phones_path(live.record)
        self.address = address
        self.show_results = show_results
        self.on_join = on_join
        self.server: PhoneServer | None = None

    async def start(self) -> str | None:
        """Start serving; a sentence for the facilitators when phones cannot join."""
        damaged = None
        try:
            earlier = load_phones(self.path)
        except PhonesFileError as error:  # start again: a new code, phones join again
            earlier, damaged = None, f"{error}. Phones will need to join again with the new code."
        if earlier is not None:  # a resume: the same address, port and code as before
            earlier.host = self.address.host or earlier.host  # unless the network changed
            if self.address.port is not None:
                earlier.port = self.address.port
            registry = Registry(earlier, self.path)
        else:
            chosen = self.address.host or next(iter(lan_addresses()), None)
            if chosen is None:
                return NO_NETWORK
            asked = DEFAULT_PORT if self.address.port is None else self.address.port
            registry = Registry.new(chosen, asked, self.path, show_results=self.show_results)
        host, port = registry.state.host, registry.state.port
        sink = LiveSink(self.live)
        server = PhoneServer(sink, registry, host=host, port=port, on_join=self.on_join)
        try:
            bound = await server.start()
        except OSError as error:
            return (
                f"Phones cannot join on {host}:{port} ({error.strerror or error}). Choose another "
                "address with --host, or another port with --port. Keypad voting works as usual."
            )
        said = damaged
        if port and bound != port:  # port 0 asked for any free port
            moved = f"Port {port} was in use, so phones join on port {bound}."
            said = f"{damaged} {moved}" if damaged else moved
        registry.state.port = bound
        registry.save_now()
        self.server = server
        # What exists now (the app, its screens, its modules) lives as long as the
        # session: keeping it out of the collector's full passes keeps a burst of
        # votes from pausing the loop for a collection of things that never die.
        gc.freeze()
        return said

    def view(self) -> Phones | None:
        server = self.server
        if server is None:
            return None
        return Phones(
            joined=server.registry.joined,
            url=server.join_url,
            code=server.registry.code,
            address=server.url.removeprefix("http://"),
        )

    async def stop(self) -> None:
        """Stop serving. Once the session has finished, no token is left anywhere."""
        if self.server is None:
            return
        await self.server.stop()
        if self.live.session.finished:
            self.server.registry.forget()
        self.server = None
