"""What every piece of music in the package can do: be engraved, heard and saved.

:class:`Music` is the base of :class:`~scoring.core.motif.Motif` and :class:`~scoring.core.cue.Cue`.
A subclass gives its staves, its timed note events, its clock and a few words about itself; this
class turns them into a score (through the one writer, :func:`scoring.core.io.score`), MusicXML,
MIDI, SVG notation, sound, and the files a DAW or notation program opens. Results are cached on
the value, which never changes, and shared with an equal value made lately (a panel that comes
back to the same music, or changes only what the music does not hold, engraves and renders nothing).

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import numpy as np

from scoring.core import io as _io
from scoring.core.instruments import GM_NAMES
from scoring.core.notes import DYNAMICS
from scoring.errors import ScoringError
from scoring.render import html as _html
from scoring.render.background import alongside, on_sound_thread
from scoring.render.checks import flag
from scoring.render.files import writable_path, write_wav
from scoring.render.dsp import check_rate
from scoring.render.notation import check_width, musicxml_to_svg
from scoring.render.remembered import Remembered
from scoring.render.score_xml import simple_musicxml
from scoring.render.synth import render_events, synth_name

__all__ = ["Music"]

#: Equal music made lately, with the cache it shares: at most 32 values and 120 seconds of music
#: (music longer than a minute keeps its own cache only, so a long render is not held after its use).
_recent = Remembered(most=32, most_size=120.0, largest=0.5)


class Music:
    """Engraving, sound and files for a piece of music (a base class; see Motif and Cue).

    Examples
    --------
    >>> from scoring import Motif
    >>> bell = Motif.parse("c4 e g", name="Bell")
    >>> bell.musicxml().count(b"<pitch>"), bell.svg().startswith("<svg"), bell.play()
    (3, True, audio of Bell: Acoustic Grand Piano, 100 BPM, 1.8 s)

    Lesson: lessons/00_first_motif.ipynb
    """

    # what a subclass provides: name, key, tempo_map, duration_seconds, _cache,
    # staves(), events(), alt_text(), listen_text(), figure(figsize=...), roll_alt()

    def _store(self) -> dict:
        """Where this value keeps its MusicXML, notation and sound: the cache of an equal value made
        lately (equal music engraves and sounds the same), else its own, remembered for the next."""
        cache = self._cache
        if "recent" in cache:
            return cache
        try:
            found = _recent.get(self)
            if found is None:
                cache["recent"] = True  # looked at: shared from now on, if it is short enough to be kept
                _recent.keep(self, cache, float(self.duration_seconds))
                return cache
        except ScoringError:  # a value that cannot be hashed keeps its own cache
            cache["recent"] = True
            return cache
        object.__setattr__(self, "_cache", found)
        return found

    def to_stream(self, *, for_midi: bool = False):
        """A music21 score: a part per staff, key, metres, tempo marks, fermatas, barred into measures."""
        for_midi = flag(for_midi, "for_midi")
        return _io.score(self.name, self.key, self.tempo_map, self.staves(), for_midi=for_midi)

    def musicxml(self) -> bytes:
        """The music as MusicXML bytes (what :meth:`to_musicxml` writes; cached)."""
        cache = self._store()
        if "xml" not in cache:
            cache["xml"] = _io.musicxml_bytes(self.to_stream())
        return cache["xml"]

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
        sample_rate = check_rate(sample_rate)
        key = ("audio", sample_rate)
        cache = self._store()
        if key not in cache:
            cache[key] = render_events(self.events(), seconds=self.duration_seconds, sample_rate=sample_rate)
        return cache[key]

    def to_wav(self, path: str | os.PathLike, *, sample_rate: int = 44100) -> Path:
        """Write the sound as a 16-bit WAV file; returns the path."""
        samples, sr = self.to_audio(sample_rate=sample_rate)
        return write_wav(path, samples, sr)

    def svg(self, *, width: int = 1800) -> str:
        """The notation as an SVG string (engraved by verovio; cached)."""
        width = check_width(width)
        key = ("svg", width)
        cache = self._store()
        if key not in cache:
            cache[key] = musicxml_to_svg(self.engraving_xml(), width=width)
        return cache[key]

    def engraving_xml(self) -> bytes:
        """The MusicXML that verovio engraves: for plain music (one metre, whole-number tempi and
        accel./rit. marked on barlines, no fermatas) the quick writer's
        (:func:`scoring.render.score_xml.simple_musicxml`), which engraves the same as music21's
        :meth:`musicxml` in a fraction of the time; else that."""
        cache = self._store()
        if "xml" in cache:
            return cache["xml"]
        if "quick xml" not in cache:
            clock, quick = self.tempo_map, None
            if not clock.holds and len(clock.metres) == 1:
                staves = [(st.name, GM_NAMES[st.program], st.program, st.items, st.bass_clef) for st in self.staves()]
                first = sum((Fraction(it[0]) for it in staves[0][3]), Fraction(0)) if staves else Fraction(0)
                marks = _io.tempo_marks(clock, first)
                if marks and marks[0][0] == 0 and not isinstance(marks[0][1], str):
                    quick = simple_musicxml(self.name, self.key, marks[0][1], clock.metres[0][1], staves,
                                            dynamics=DYNAMICS, later_marks=marks[1:])
            cache["quick xml"] = quick
        return cache["quick xml"] or self.musicxml()

    def show(self) -> _html.HTML:
        """The notation as an HTML image (it shows in an untrusted notebook too), with its alt text."""
        return _html.HTML(_html.img_tag(self.svg(), alt=self.alt_text()), f"notation of {self.name}")

    def play(self) -> _html.HTML:
        """An audio player, labelled for a screen reader and captioned with a visible line of what
        it holds (name, instruments, tempo, length)."""
        caption = f'<div style="font-size:0.85em;color:#444">plays: {_html.escape(self.listen_text())}</div>'
        return _html.HTML(f"<div>{self.player()}{caption}</div>", f"audio of {self.listen_text()}")

    def player(self) -> str:
        """The player's HTML: the sound as an MP3 in an ``<audio>`` tag (in a panel's answer, the
        panel sound: :func:`~scoring.render.html.answering`), labelled (cached; waits for one
        :meth:`start_player` began)."""
        cache, kind = self._store(), _html.player_sound()
        pending = cache.get(("pending player", kind))
        if ("player", kind) not in cache and pending is not None and not on_sound_thread():
            return pending.result()
        return self._make_player()

    def _make_player(self) -> str:
        cache, kind = self._store(), _html.player_sound()   # an MP3, or a panel answer's sound
        if ("player", kind) not in cache:
            samples, sr = self.to_audio()
            cache["player", kind] = _html.audio_tag(samples, sr, label=self.listen_text())
        return cache["player", kind]

    def start_player(self) -> None:
        """Begin rendering and encoding the sound on a second thread and return at once, so that
        whatever is drawn next (a plot, the notation) is made while it plays in: FluidSynth, the
        FFT and the MP3 encoder let go of Python's lock. :meth:`player` then waits for it.

        Examples
        --------
        >>> from scoring import Motif
        >>> bell = Motif.parse("c4 e g", name="Bell")
        >>> bell.start_player(); bell.player().startswith("<audio")
        True

        Lesson: lessons/00_first_motif.ipynb
        """
        cache, kind = self._store(), _html.player_sound()
        if ("player", kind) in cache or ("pending player", kind) in cache or synth_name() != "FluidSynth":
            return
        cache["pending player", kind] = alongside(self._make_player)

    def roll_notation_and_player(self, *, width: int = 1800, figsize: tuple[float, float] = (5.0, 2.2),
                                 dpi: int = 70) -> tuple[str, str, str]:
        """The piano roll (an ``<img>`` with its alt text), the notation and the player, for a card:
        the sound is rendered and encoded on the sound thread while the roll is drawn and the notes
        engraved, so a card waits for the slower of the two.

        Examples
        --------
        >>> from scoring import Motif
        >>> roll, notation, player = Motif.parse("c4 e g", name="Bell").roll_notation_and_player()
        >>> roll.startswith('<img src="data:image/png'), notation.startswith("<img"), "<audio" in player
        (True, True, True)

        Lesson: lessons/00_first_motif.ipynb
        """
        self.start_player()
        roll = _html.figure_png(self.figure(figsize=figsize), dpi=dpi, alt=self.roll_alt())
        return (roll, *self.notation_and_player(width=width))

    def notation_and_player(self, *, width: int = 1800) -> tuple[str, str]:
        """The notation (an ``<img>`` with its alt text) and the player, made side by side: the sound
        is rendered and encoded on a second thread while verovio engraves (FluidSynth, the FFT and
        the MP3 encoder let go of Python's lock), so a display waits for the slower of the two."""
        width = check_width(width)
        cache = self._store()
        if ("svg", width) not in cache:
            self.start_player()
        return _html.img_tag(self.svg(width=width), alt=self.alt_text()), self.player()
