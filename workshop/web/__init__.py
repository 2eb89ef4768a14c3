"""Phone voting: a small HTTP server and page of the tool's own, on the app's event loop.

Imported only in phones mode. No Textual here: the server reaches the
session only through a VoteSink (a vote is a transition like any other), and
the screen learns of every vote the way it learns of every change.
"""
