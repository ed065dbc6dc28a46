"""Run an import in a child process, so that no file can hold the web process longer or make it bigger
than the limits allow.

The size and depth checks run before the expensive work, but Python-Markdown and the HTML sanitiser
still have inputs of a few kilobytes that take minutes (ten thousand '[' in a row); only a process
that can be killed bounds the time.

The child is a fork of the web process: it starts in milliseconds with everything imported, and it only
parses. A lock another thread held at the fork could at worst stall the child, which is then stopped
at the time limit like any slow import. Where Python deprecates forking a threaded process (3.12+),
children come from a fork server instead: a clean process that imports consult once (seconds), then
forks as fast.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import threading
import traceback

from consult.documents.importer import ImportRefused

log = logging.getLogger(__name__)
PRELOAD = ["consult.documents.sources"]


def run_isolated(function, args: tuple, seconds: float, memory_bytes: int):
    """``function(*args)`` in a child process with at most ``seconds`` and ``memory_bytes`` more memory.

    Returns its result. Raises ``ImportRefused``: the child's own refusal, or too_slow (the child is
    killed), too_much_memory, or failed (the child raised something else or died; logged as an error).
    """
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, function, args, memory_bytes), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise ImportRefused("too_slow", {"limit": f"{seconds:g}"})
        try:
            status, value = receiver.recv()
        except EOFError:  # died without a word: killed by the kernel, or a crash in a C library
            status, value = "failed", f"the import process ended with exit code {process.exitcode}"
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    if status == "ok":
        return value
    if status == "refused":
        raise ImportRefused(*value)
    log.error("document import failed: %s", value)
    raise ImportRefused("failed")


def _context():
    methods = multiprocessing.get_all_start_methods()
    if "fork" not in methods:  # Windows
        return multiprocessing.get_context("spawn")
    if sys.version_info < (3, 12) or threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def _child(sender, function, args, memory_bytes: int) -> None:
    _limit_memory(memory_bytes)
    try:
        result = ("ok", function(*args))
    except ImportRefused as refusal:
        result = ("refused", (refusal.reason, refusal.figures))
    except MemoryError:
        result = ("refused", ("too_much_memory", {"limit": memory_bytes // (1024 * 1024)}))
    except Exception:  # noqa: BLE001  reported to the parent, which logs it and refuses the file
        result = ("failed", traceback.format_exc())
    try:
        sender.send(result)
    except MemoryError:
        sender.send(("refused", ("too_much_memory", {"limit": memory_bytes // (1024 * 1024)})))
    sender.close()


def _limit_memory(memory_bytes: int) -> None:
    """Allow the child ``memory_bytes`` of address space beyond what it has at its start (Linux)."""
    try:
        import resource

        with open("/proc/self/statm") as statm:
            current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return
    limit = current + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
