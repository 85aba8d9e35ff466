"""Batches of Python objects between a task and a helper process (`python -m module`).

A big import or export is single-threaded Python. Part of its work (parsing a sheet, checking its
rows, writing a workbook) can run in a helper process on the second core, joined to the task by a
pipe that carries pickled batches: `items_from_child` reads what a helper produces (its stdout),
`ItemsToChild` feeds a helper that consumes (its stdin). A thread on the task's side keeps a few
batches in flight, and the bounded queue holds the faster side back, so memory stays flat however
big the file. No Django here: helpers start in a fraction of a second.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

_END = "end"
ROOT = Path(__file__).resolve().parents[2]  # the folder holding the gonghui package: helpers run there


class ChildFailed(Exception):
    """The child raised (`kind` is its exception's class name) or died (`kind` is "")."""

    def __init__(self, kind: str, detail: str):
        super().__init__(f"{kind}: {detail}" if kind else detail)
        self.kind = kind
        self.detail = detail


class _Failure:
    """What a child sends instead of a batch when it raises."""

    def __init__(self, kind: str, detail: str):
        self.kind = kind
        self.detail = detail


# Batches read ahead of the parent: the child keeps working while the parent writes a batch of
# its own (a pipe's 64 KB would hold less than one batch and stall the child).
READ_AHEAD = 16


def items_from_child(module: str, *args: str) -> Iterator[Any]:
    """Run `python -m module *args` and yield every item of every batch it sends."""
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(
            [sys.executable, "-m", module, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=errors
        )
        batches: queue.Queue = queue.Queue(maxsize=READ_AHEAD)
        stop = threading.Event()
        reader = threading.Thread(target=_read_batches, args=(child.stdout, batches, stop), daemon=True)
        reader.start()
        try:
            while True:
                batch = batches.get()
                if batch is _DIED:  # no end mark: the child died (out of memory?)
                    child.wait()
                    errors.seek(0)
                    last = errors.read().decode(errors="replace").strip().splitlines()[-1:]
                    raise ChildFailed("", f"子进程意外退出（{child.returncode}）{''.join(last)}")
                if isinstance(batch, _Failure):
                    raise ChildFailed(batch.kind, batch.detail)
                if batch == _END:
                    return
                yield from batch
        finally:
            stop.set()
            if child.poll() is None:
                child.kill()  # the parent stopped early
            reader.join()
            child.stdout.close()
            child.wait()


_DIED = object()


def _read_batches(stream, batches: queue.Queue, stop: threading.Event) -> None:
    """In a thread of the parent: unpickle batches into the queue until the end mark."""
    while True:
        try:
            batch = pickle.load(stream)
        except Exception:  # EOF or a torn batch: the child is gone
            batch = _DIED
        while not stop.is_set():
            try:
                batches.put(batch, timeout=0.1)
                break
            except queue.Full:
                continue
        if stop.is_set() or batch is _DIED or isinstance(batch, _Failure) or batch == _END:
            return


def send_to_parent(items: Iterable[Any], batch_size: int) -> None:
    """In the child: pickle `items` to stdout in batches, then the end mark (or the failure)."""
    out = sys.stdout.buffer
    try:
        batch = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
                batch = []
        pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(_END, out)
    except BrokenPipeError:
        os._exit(0)  # the parent stopped reading; nothing is left to tell it
    except Exception as exc:  # reported to the parent, which turns it into a message
        pickle.dump(_Failure(type(exc).__name__, str(exc)), out)
    out.flush()


class ItemsToChild:
    """Run `python -m module *args` and send it items in pickled batches on its stdin: the other
    direction of `items_from_child`, for a child that consumes what this process produces.

    A thread does the sending, with a few batches queued, so the child keeps working while this
    process is busy producing the next ones. Use as a context manager: leaving it normally sends
    the end mark and waits for the child (ChildFailed if it failed); leaving it on an exception
    kills the child."""

    def __init__(self, module: str, *args: str, batch_size: int = 1000):
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the child, closed on exit
        self.child = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self.errors,
        )  # fmt: skip
        self.batch_size = batch_size
        self.batch: list[Any] = []
        self.batches: queue.Queue = queue.Queue(maxsize=READ_AHEAD)
        self.sender = threading.Thread(target=self._send_batches, daemon=True)
        self.sender.start()
        self.broken = False

    def send(self, item: Any) -> None:
        self.batch.append(item)
        if len(self.batch) >= self.batch_size:
            self._queue(self.batch)
            self.batch = []

    def _queue(self, batch: Any) -> None:
        while not self.broken:
            try:
                self.batches.put(batch, timeout=0.1)
                return
            except queue.Full:
                continue
        self._fail()  # the child is gone: stop producing for it

    def _send_batches(self) -> None:
        while True:
            batch = self.batches.get()
            try:
                pickle.dump(batch, self.child.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            except (BrokenPipeError, OSError):
                self.broken = True
                return
            if batch == _END:
                return

    def _fail(self) -> None:
        self.child.wait()
        self.errors.seek(0)
        last = self.errors.read().decode(errors="replace").strip().splitlines()[-1:]
        kind, _, detail = "".join(last).partition(": ")
        if self.child.returncode == _FAILED and detail:
            raise ChildFailed(kind, detail)
        raise ChildFailed("", f"子进程意外退出（{self.child.returncode}）{''.join(last)}")

    def __enter__(self) -> ItemsToChild:
        return self

    def __exit__(self, exc_type, *exc_info) -> None:
        try:
            if exc_type is None:
                if self.batch:
                    self._queue(self.batch)
                self._queue(_END)
                self.sender.join()
                self.child.stdin.close()
                if self.child.wait() != 0 or self.broken:
                    self._fail()
        finally:
            if self.child.poll() is None:
                self.child.kill()
                self.broken = True
            with contextlib.suppress(queue.Full):
                self.batches.put_nowait(_END)  # wakes a sender waiting for a batch
            self.sender.join(timeout=1)
            if not self.child.stdin.closed:
                with contextlib.suppress(OSError):
                    self.child.stdin.close()
            self.child.wait()
            self.errors.close()


_FAILED = 3


def items_from_parent() -> Iterator[Any]:
    """In the child: every item the parent sends through `ItemsToChild`."""
    stdin = sys.stdin.buffer
    while True:
        batch = pickle.load(stdin)
        if batch == _END:
            return
        yield from batch


def report_failure(exc: Exception) -> None:
    """In the child: tell the parent what went wrong (last stderr line) and exit."""
    sys.stderr.write(f"\n{type(exc).__name__}: {exc}\n")
    sys.stderr.flush()
    os._exit(_FAILED)
