"""What every piece of music in the package can do: be engraved, heard and saved.

:class:`Music` is the base of :class:`~scoring.core.motif.Motif` and :class:`~scoring.core.cue.Cue`.
A subclass gives its staves, its timed note events, its clock and a few words about itself; this
class turns them into a score (through the one writer, :func:`scoring.core.io.score`), MusicXML,
MIDI, SVG notation, sound, and the files a DAW or notation program opens. Results are cached on
the value, which never changes.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from scoring.core import io as _io
from scoring.render import html as _html
from scoring.render.files import writable_path, write_wav
from scoring.render.notation import musicxml_to_svg
from scoring.render.synth import render_events

__all__ = ["Music"]


class Music:
    """Engraving, sound and files for a piece of music (a base class; see Motif and Cue).

    Examples
    --------
    >>> from scoring import Motif
    >>> bell = Motif.parse("c4 e g", name="Bell")
    >>> bell.musicxml().count(b"<pitch>"), bell.svg().startswith("<svg"), bell.play()
    (3, True, audio of Bell (1.8 s))

    Lesson: lessons/00_first_motif.ipynb
    """

    # what a subclass provides: name, key, tempo_map, duration_seconds, _cache,
    # staves(), events(), alt_text(), listen_text()

    def to_stream(self, *, for_midi: bool = False):
        """A music21 score: a part per staff, key, metres, tempo marks, fermatas, barred into measures."""
        return _io.score(self.name, self.key, self.tempo_map, self.staves(), for_midi=for_midi)

    def musicxml(self) -> bytes:
        """The music as MusicXML bytes (what :meth:`to_musicxml` writes; cached)."""
        if "xml" not in self._cache:
            self._cache["xml"] = _io.musicxml_bytes(self.to_stream())
        return self._cache["xml"]

    def to_midi(self, path: str | os.PathLike) -> Path:
        """Write a standard MIDI file a DAW opens (a track per staff, tempo changes included); returns the path."""
        target = writable_path(path, (".mid", ".midi"))
        target.write_bytes(_io.midi_bytes(self.to_stream(for_midi=True)))
        return target

    def to_musicxml(self, path: str | os.PathLike) -> Path:
        """Write a MusicXML file that MuseScore, Dorico or Sibelius opens; returns the path."""
        target = writable_path(path, (".musicxml", ".xml"))
        target.write_bytes(self.musicxml())
        return target

    def to_audio(self, *, sample_rate: int = 44100) -> tuple[np.ndarray, int]:
        """The music as sound: ``(samples, sample_rate)``, float32 stereo samples in -1..1.

        Rendered with FluidSynth and the General MIDI soundfont in ``assets/`` (or the built-in
        synth where FluidSynth is missing), with a little room reverb, timed by the clock. The
        result is cached (the music is a value); do not modify it in place.
        """
        key = ("audio", sample_rate)
        if key not in self._cache:
            self._cache[key] = render_events(self.events(), seconds=self.duration_seconds, sample_rate=sample_rate)
        return self._cache[key]

    def to_wav(self, path: str | os.PathLike, *, sample_rate: int = 44100) -> Path:
        """Write the sound as a 16-bit WAV file; returns the path."""
        samples, sr = self.to_audio(sample_rate=sample_rate)
        return write_wav(path, samples, sr)

    def svg(self, *, width: int = 1800) -> str:
        """The notation as an SVG string (engraved by verovio; cached)."""
        key = ("svg", width)
        if key not in self._cache:
            self._cache[key] = musicxml_to_svg(self.musicxml(), width=width)
        return self._cache[key]

    def show(self) -> _html.HTML:
        """The notation as an HTML image (it shows in an untrusted notebook too), with its alt text."""
        return _html.HTML(_html.img_tag(self.svg(), alt=self.alt_text()), f"notation of {self.name}")

    def play(self) -> _html.HTML:
        """An audio player, labelled with what it holds."""
        samples, sr = self.to_audio()
        return _html.HTML(_html.audio_tag(samples, sr, label=self.listen_text()),
                          f"audio of {self.name} ({self.duration_seconds:.1f} s)")
