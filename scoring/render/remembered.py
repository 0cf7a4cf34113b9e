"""What the course remembers of the sounds it worked on: the last few values made from them (an MP3,
a loudness reading), found again by the sound's SHA-256 digest. A panel makes the same sound again
whenever a student goes back to a setting, and the digest of 6 s of stereo takes 2 ms where the
encoding or the measuring takes 30.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Hashable, Iterator

import numpy as np

from scoring.errors import ScoringError
from scoring.render.checks import whole

__all__ = ["Remembered"]


class Remembered:
    """The last ``most`` values made from sounds (and, with ``most_bytes``, at most that many bytes
    of them; a value over an eighth of it is not kept, so one long sound never pushes out the rest),
    by :meth:`key`. Safe to share between the notebook's thread and the sound thread.

    Examples
    --------
    >>> memory = Remembered(most=2)
    >>> key = memory.key(np.zeros(4, dtype=np.float32), "mono")
    >>> memory.get(key) is None, memory.keep(key, "encoded"), memory.get(key)
    (True, None, 'encoded')
    >>> memory.get(memory.key(np.ones(4, dtype=np.float32), "mono")) is None   # another sound
    True

    Lesson: lessons/00_first_motif.ipynb
    """

    def __init__(self, *, most: int, most_bytes: int | None = None) -> None:
        self.most = whole(most, "most", "give how many values to keep, like 24", lo=1)
        self.most_bytes = most_bytes if most_bytes is None else whole(
            most_bytes, "most_bytes", "give how many bytes to keep at most, like 2 << 20", lo=1)
        self._kept: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(samples: np.ndarray, *settings: Hashable) -> tuple:
        """The sound's digest, its type and shape, and the settings the value was made with."""
        if not isinstance(samples, np.ndarray) or samples.dtype.kind not in "biuf":
            raise ScoringError(f"key() takes samples as a NumPy array of numbers, not {type(samples).__name__}")
        y = np.ascontiguousarray(samples)
        return _hashable((hashlib.sha256(memoryview(y).cast("B")).digest(), y.dtype.str, y.shape) + settings)

    def get(self, key: Hashable):
        """The value kept under ``key`` (now the most recently used), or None."""
        key = _hashable(key)
        with self._lock:
            found = self._kept.get(key)
            if found is None:
                return None
            self._kept.move_to_end(key)
            return found[0]

    def keep(self, key: Hashable, value: object, size: int = 0) -> None:
        """Keep ``value`` (``size`` bytes) under ``key``, forgetting the least recently used past the limits."""
        key, size = _hashable(key), whole(size, "size", "give the value's size in bytes, like len(mp3)", lo=0)
        if self.most_bytes is not None and size > self.most_bytes // 8:
            return
        with self._lock:
            self._kept[key] = (value, size)
            while len(self._kept) > self.most or (self.most_bytes is not None and self.size > self.most_bytes):
                self._kept.popitem(last=False)

    @property
    def size(self) -> int:
        """The bytes kept."""
        return sum(s for _, s in self._kept.values())

    def clear(self) -> None:
        """Forget everything (a benchmark measures the work itself)."""
        with self._lock:
            self._kept.clear()

    def __len__(self) -> int:
        return len(self._kept)

    def __iter__(self) -> Iterator[Hashable]:
        return iter(list(self._kept))


def _hashable(key: object):
    try:
        hash(key)
    except TypeError:
        raise ScoringError(f"a key should be hashable (from Remembered.key), not {type(key).__name__}") from None
    return key
