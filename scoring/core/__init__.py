"""Floor 2: music as values, with one clock.

``time`` (the :class:`~scoring.core.time.TempoMap` and timecode), ``pitch``, ``instruments``,
``notes`` (the :class:`~scoring.core.notes.Note` and the one walk over timed notes),
``transforms``, ``io`` (music21 in and out), ``motif``, ``cue``, ``film`` (scene data),
``analysis``, ``plots`` and ``view``. See ARCHITECTURE.md.

Lesson: lessons/00_first_motif.ipynb
"""

__all__: list[str] = []
