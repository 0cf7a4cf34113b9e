"""The processor's level, as far as it changes a lesson's media bytes.

BLAS, NumPy and x264 pick their code paths by processor. With x264 held to one set of
instructions (see ``scoring.render.picture``) and the sound kept off BLAS, an x86-64 processor of
level v3 or later (Haswell, Zen and newer: AVX2, FMA, BMI2) makes the same bytes: checked on an
AVX-512 machine against its own BLAS kernel and the Haswell one, and with NumPy's AVX-512 paths
turned off. An older processor, or an ARM one, makes the same music and picture in bytes of its own.

Lesson: lessons/README.md (the instructor guide)
"""
from __future__ import annotations

import platform
from functools import lru_cache
from pathlib import Path

__all__ = ["processor_level", "X86_64_V3"]

#: The instruction sets (as Linux's /proc/cpuinfo names them) of x86-64 level v3.
X86_64_V3 = frozenset({"sse", "sse2", "ssse3", "sse4_1", "sse4_2", "popcnt", "abm", "avx", "avx2", "fma",
                       "bmi1", "bmi2", "movbe", "f16c"})


@lru_cache(maxsize=1)
def processor_level() -> str:
    """``"x86-64-v3"`` where the processor has every set of :data:`X86_64_V3` (the lessons' media
    then come out byte for byte as committed), else the machine's name (``"aarch64"``, or
    ``"x86_64 before v3"``).

    Examples
    --------
    >>> processor_level() in ("x86-64-v3", "x86_64 before v3") or "x86" not in processor_level()
    True

    Lesson: lessons/README.md (the instructor guide)
    """
    machine = platform.machine() or "unknown"
    if machine.lower() not in ("x86_64", "amd64"):
        return machine
    try:
        text = Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        return "x86_64 before v3"       # not Linux: cannot tell, so no byte-for-byte promise
    flags = next((line.split(":", 1)[1].split() for line in text.splitlines() if line.startswith("flags")), [])
    return "x86-64-v3" if X86_64_V3 <= set(flags) else "x86_64 before v3"
