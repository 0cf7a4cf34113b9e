"""What the course remembers of the work it did: the last few values made from sounds (an MP3, a
loudness reading), found again by the sound's SHA-256 digest, and the engraving and sound of
music made lately, found again by an equal piece of music. A panel makes the same sound again
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
from scoring.render.checks import number, whole

__all__ = ["Remembered"]


class Remembered:
    """The last ``most`` values kept, by key, least recently used forgotten first; with
    ``most_size``, at most that much of them in all, each value's size given in the caller's unit
    (bytes of an MP3, seconds of music). A value larger than ``largest`` of ``most_size`` (an eighth,
    unless told) is not kept, so one large value never pushes out the rest. Safe to share between
    the notebook's thread and the sound thread.

    Examples
    --------
    >>> memory = Remembered(most=2)
    >>> key = memory.key(np.zeros(4, dtype=np.float32), "mono")
    >>> memory.get(key) is None, memory.keep(key, "encoded"), memory.get(key)
    (True, None, 'encoded')
    >>> memory.get(memory.key(np.ones(4, dtype=np.float32), "mono")) is None   # another sound
    True
    >>> music = Remembered(most=32, most_size=120.0, largest=0.5)   # up to 2 minutes, one at most half
    >>> music.keep("a long cue", {}, 90.0), len(music), music.keep("a theme", {}, 12.5), music.size
    (None, 0, None, 12.5)

    Lesson: lessons/00_first_motif.ipynb
    """

    def __init__(self, *, most: int, most_size: float | None = None, largest: float = 0.125) -> None:
        self.most = whole(most, "most", "give how many values to keep, like 24", lo=1)
        self.most_size = most_size if most_size is None else number(
            most_size, "most_size", "give how much to keep at most, like 2 << 20 bytes", lo=0)
        self.largest = number(largest, "largest", "give the share of most_size one value may take, like 0.125",
                              lo=0, hi=1)
        self._kept: OrderedDict[Hashable, tuple[object, float]] = OrderedDict()
        self._size = 0.0
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

    def keep(self, key: Hashable, value: object, size: float = 0) -> None:
        """Keep ``value`` (of ``size``, in the unit of ``most_size``) under ``key``, forgetting the
        least recently used past the limits."""
        key = _hashable(key)
        size = number(size, "size", "give the value's size in the unit of most_size, like len(mp3)", lo=0)
        if self.most_size is not None and size > self.most_size * self.largest:
            return
        with self._lock:
            old = self._kept.pop(key, None)
            self._size += size - (old[1] if old is not None else 0)
            self._kept[key] = (value, size)
            while len(self._kept) > self.most or (self.most_size is not None and self._size > self.most_size):
                self._size -= self._kept.popitem(last=False)[1][1]

    @property
    def size(self) -> float:
        """How much is kept, in the unit of ``most_size`` (a running total: the keys, which may be
        costly to hash, are not looked up again)."""
        return self._size

    def clear(self) -> None:
        """Forget everything (a benchmark measures the work itself)."""
        with self._lock:
            self._kept.clear()
            self._size = 0.0

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
