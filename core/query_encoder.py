"""Query vectors for a serving process: one object owns the cache, single-flight and the batching."""

from __future__ import annotations

import queue
import threading
from collections.abc import Sequence
from concurrent.futures import Future

import numpy as np

from core.encoder import Encoder
from core.lru import LRU

_STOP = object()


class QueryEncoder:
    """Encodes queries on worker threads, never on the caller's.

    A text already encoded comes from the cache; a text already on its way
    joins that encoding. Otherwise it waits in one FIFO queue. Each worker
    takes its fair share of what waits: a lone text goes to `lone` (every
    core on one text), several to `batch` (one core each, so the workers run
    side by side), since a batch costs less per text than its texts alone.
    """

    def __init__(
        self,
        lone: Encoder,
        batch: Encoder | None = None,
        *,
        workers: int = 1,
        cache_size: int = 4096,
        max_batch: int = 16,
    ) -> None:
        self.lone = lone
        self.batch = batch or lone
        self.dim = lone.dim
        self.max_batch = max_batch
        self.cache: LRU[str, np.ndarray] = LRU(cache_size)
        self._inflight: dict[str, Future[np.ndarray]] = {}
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._workers = [threading.Thread(target=self._work, name=f"encode-{i}", daemon=True) for i in range(workers)]
        self.closed = False
        for worker in self._workers:
            worker.start()

    def submit(self, text: str) -> Future[np.ndarray]:
        """The text's vector: already done when cached, the same future while it is being encoded."""
        with self._lock:
            vector = self.cache.get(text)
            future = self._inflight.get(text) if vector is None else None
            if vector is None and future is None:
                future = self._inflight[text] = Future()
                if self.closed:  # a request that took this encoder just before it was replaced
                    threading.Thread(target=self._finish, args=([(text, future)],), daemon=True).start()
                else:
                    self._queue.put((text, future))
        if future is not None:
            return future
        done: Future[np.ndarray] = Future()
        done.set_result(vector)
        return done

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        """Vectors on the caller's thread, through the cache (the CLI and evaluation)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self.cache.get(t) if t in self.cache else self._encode_here(t) for t in texts])

    def close(self, *, wait: bool = False) -> None:
        """Stop the workers once the queued texts are encoded; a text submitted later gets a thread of its own."""
        with self._lock:
            self.closed = True
        for _ in self._workers:
            self._queue.put(_STOP)
        if wait:
            for worker in self._workers:
                worker.join()

    def _encode_here(self, text: str) -> np.ndarray:
        return self._remember(text, self.lone.encode([text])[0])

    def _remember(self, text: str, vector: np.ndarray) -> np.ndarray:
        vector.setflags(write=False)  # shared by every reader of the cache
        self.cache.put(text, vector)
        return vector

    def _work(self) -> None:
        while True:
            first = self._queue.get()
            if first is _STOP:
                return
            # A fair share of what waits, so the other workers start on the rest at once.
            share = min(self.max_batch, -(-(self._queue.qsize() + 1) // len(self._workers)))
            batch = [first]
            while len(batch) < share:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    self._queue.put(_STOP)  # another worker's; this batch is finished first
                    break
                batch.append(item)
            self._finish(batch)

    def _finish(self, batch: list[tuple[str, Future[np.ndarray]]]) -> None:
        texts = [text for text, _ in batch]
        try:
            vectors = (self.lone if len(texts) == 1 else self.batch).encode(texts)
        except Exception as e:
            outcome: list[tuple[np.ndarray | None, BaseException | None]] = [(None, e)] * len(batch)
        else:
            outcome = [(vector, None) for vector in vectors]
        with self._lock:
            for (text, _), (vector, _) in zip(batch, outcome, strict=True):
                if vector is not None:
                    self._remember(text, vector)
                self._inflight.pop(text, None)
        for (_, future), (vector, error) in zip(batch, outcome, strict=True):
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(vector)  # type: ignore[arg-type]
