"""Floor 1: render engines that know no motif.

``synth`` (note events to samples), ``dsp`` (room, limiter, filters), ``files`` (safe paths, WAV,
MP3), ``html`` (cards, players, images, escaping), ``notation`` (MusicXML to SVG), ``roll`` (the
piano-roll drawer), ``picture`` (animatic frames and video), ``voice`` (a synthetic speaking
voice for dialogue), ``background`` (the one thread that makes sound while Python draws),
``kernel`` (the notebook kernel gives back freed memory after each cell) and ``versions`` (the
libraries that make the media, byte for byte). See ARCHITECTURE.md.

Lesson: lessons/00_first_motif.ipynb
"""

__all__: list[str] = []
