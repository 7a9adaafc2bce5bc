"""The MkDocs hooks' own behaviour (the pages they make are checked on the built site)."""
from __future__ import annotations

import gc
import sys

from macros import hooks


def test_the_command_ends_without_walking_its_memory_again(monkeypatch):
    """As ``mkdocs build`` ends, what it made is frozen: the interpreter's last
    collections skip it. Code that calls MkDocs itself keeps its collector."""
    assert gc.get_freeze_count() == 0
    try:
        monkeypatch.setattr(sys, "argv", ["/usr/lib/python3/site-packages/ailleurs.py"])
        hooks.on_shutdown()
        assert gc.get_freeze_count() == 0
        monkeypatch.setattr(sys, "argv", ["/projet/.venv/bin/mkdocs", "build"])
        hooks.on_shutdown()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
