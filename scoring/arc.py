"""An :class:`Arc`: one character theme followed through the beats of a story.

A theme that grows with a character is the same material bent at each turn of the story:
the hesitant child's tune, slow and high on a celesta, becomes a horn call, then a minor
lament on the cello, then a triumph. An arc records every version together with the chain of
transforms that made it (each a :class:`Step`: a method name and its arguments), so it can
explain itself (``beat 3 (defeat): to_mode('minor'), augment(2), with_instrument('Cello')``),
play the whole arc as one clip, and draw one figure of how tempo, register, brightness and
tension move from beat to beat.

Lesson: lessons/04_motif_evolution.ipynb
"""
from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from scoring.core import pitch as _pitch
from scoring.core.analysis import sound_profile
from scoring.core.cue import Cue
from scoring.core.film import check_real
from scoring.core.motif import Motif
from scoring.core.notes import MAX_SECONDS
from scoring.core.view import motif_events, svg
from scoring.errors import ScoringError
from scoring.harmony import harmonize
from scoring.mood import apply_palette
from scoring.render import checks, roll
from scoring.render.html import HTML, audio_tag, captioned_figure, card, escape, figure_png, grid, img_tag
from scoring.render.synth import render_events
from scoring.tension import tension_curve

__all__ = ["MOTIF_STEPS", "CUE_STEPS", "STEPS", "METRICS", "SILENT_DB", "Step", "step", "Beat", "Arc", "mean_tension"]

#: Transforms a step may call on the tune (each a :class:`~scoring.core.motif.Motif` method).
MOTIF_STEPS: tuple[str, ...] = ("transpose", "octave", "invert", "retrograde", "retrograde_inversion", "augment",
                                "diminish", "to_mode", "fragment", "sequence", "expand_intervals", "with_tempo",
                                "with_instrument", "with_dynamics")
#: Steps that turn the tune into a cue with several layers; they come last in a chain.
CUE_STEPS: tuple[str, ...] = ("harmonize", "apply_palette")
#: Every step an arc knows: the tune's transforms, then the cue steps.
STEPS: tuple[str, ...] = MOTIF_STEPS + CUE_STEPS

#: What :meth:`Arc.metrics` measures for each beat, in the order of :meth:`Arc.table`.
METRICS: tuple[str, ...] = ("tempo", "pace", "register", "loudness", "brightness", "tension")
#: The loudness :meth:`Arc.metrics` gives a beat that makes no sound (its RMS is 0: minus infinity dB).
SILENT_DB = -120.0


@dataclass(frozen=True)
class Step:
    """One transform in a chain: a method name from :data:`STEPS`, its arguments and keyword arguments.

    Examples
    --------
    >>> s = Step("to_mode", ("minor",))
    >>> str(s), s.apply(Motif.parse("c4 e g", key="C major")).pitches
    ("to_mode('minor')", ['C4', 'Eb4', 'G4'])

    Lesson: lessons/04_motif_evolution.ipynb
    """

    method: str
    args: tuple = ()
    kwargs: tuple = ()   # (name, value) pairs

    def __post_init__(self) -> None:
        if not isinstance(self.method, str) or self.method not in STEPS:
            raise ScoringError(f"{self.method!r} is not a step an arc knows; use one of: {', '.join(STEPS)}")
        if not isinstance(self.args, (list, tuple)):
            raise ScoringError(f"{self.method}: args={self.args!r} should be a tuple of arguments, like (2,) or ('minor',)")
        kwargs = self.kwargs.items() if isinstance(self.kwargs, Mapping) else self.kwargs
        try:
            pairs = tuple((k, v) for k, v in kwargs)
        except (TypeError, ValueError):
            raise ScoringError(f"{self.method}: kwargs={self.kwargs!r} should be (name, value) pairs or a dict, "
                               "like {'diatonic': True}") from None
        if not all(isinstance(k, str) and k.isidentifier() for k, _ in pairs):
            raise ScoringError(f"{self.method}: keyword names should be words, like diatonic=True")
        object.__setattr__(self, "args", tuple(_plain(a) for a in self.args))
        object.__setattr__(self, "kwargs", tuple((k, _plain(v)) for k, v in pairs))

    def __str__(self) -> str:
        inner = [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs]
        return f"{self.method}({', '.join(inner)})"

    def apply(self, music: Motif | Cue) -> Motif | Cue:
        """The music this step makes from ``music`` (a Motif, or a Cue for the cue steps).

        Examples
        --------
        >>> Step("augment", (2,)).apply(Motif.parse("c4 e")).durations
        [2.0, 2.0]

        Lesson: lessons/04_motif_evolution.ipynb
        """
        if not isinstance(music, (Motif, Cue)):
            raise ScoringError(f"{self} applies to a Motif (or a Cue), not {type(music).__name__}")
        kwargs = dict(self.kwargs)
        if self.method in MOTIF_STEPS and isinstance(music, Cue):
            raise ScoringError(f"{self} changes a tune, but this beat is already a cue (after harmonize or "
                               "apply_palette); move those to the end of the chain")
        if self.method == "harmonize" and isinstance(music, Cue):
            raise ScoringError("harmonize(...) needs a tune, and this beat is already a cue; harmonize once, "
                               "as the last step (apply_palette may follow it)")
        call = {"harmonize": lambda *a, **k: harmonize(music, *a, **k),
                "apply_palette": lambda *a, **k: apply_palette(music, *a, **k)}.get(self.method)
        try:
            return (call or getattr(music, self.method))(*self.args, **kwargs)
        except TypeError as exc:
            raise ScoringError(f"{self}: wrong arguments ({exc}); e.g. augment(2), to_mode('minor'), "
                               "with_instrument('Cello')") from None


def _plain(value: object) -> object:
    """NumPy numbers as Python numbers, so a step prints and replays as plain code."""
    if isinstance(value, np.bool_):
        return bool(value)
    return value.item() if isinstance(value, (np.integer, np.floating)) else value


def step(spec: "Step | str | Sequence") -> Step:
    """A :class:`Step` from a spec: a Step, a call written as text (``"augment(2)"``,
    ``"to_mode('minor')"``, ``"invert"``), or a tuple ``("augment", 2)``.

    Examples
    --------
    >>> step("augment(2)"), step(("with_instrument", "Cello")), step("invert(diatonic=True)")
    (Step(method='augment', args=(2,), kwargs=()), Step(method='with_instrument', args=('Cello',), kwargs=()), Step(method='invert', args=(), kwargs=(('diatonic', True),)))

    Lesson: lessons/04_motif_evolution.ipynb
    """
    if isinstance(spec, Step):
        return spec
    if isinstance(spec, str):
        text = spec.strip().lstrip(".")
        try:
            node = ast.parse(text, mode="eval").body
        except SyntaxError:
            raise ScoringError(f"{spec!r} is not a step; write a call like \"augment(2)\" or \"to_mode('minor')\"") from None
        if isinstance(node, ast.Name):
            return Step(node.id)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            try:
                args = tuple(ast.literal_eval(a) for a in node.args)
                kwargs = tuple((k.arg, ast.literal_eval(k.value)) for k in node.keywords if k.arg)
            except ValueError:
                raise ScoringError(f"{spec!r}: arguments must be plain values like 2, -1, 'minor' or ['Am', 'F']") from None
            return Step(node.func.id, args, kwargs)
        raise ScoringError(f"{spec!r} is not a step; write one call like \"augment(2)\" (no chains: one step each)")
    if isinstance(spec, (tuple, list)) and spec and isinstance(spec[0], str):
        return Step(spec[0], tuple(spec[1:]))
    raise ScoringError(f"{spec!r} is not a step; give text like \"augment(2)\" or a tuple like ('augment', 2)")


@dataclass(frozen=True)
class Beat:
    """One beat of an arc: its ``label``, the ``steps`` that made it, the ``source`` it was made
    from (0 = the theme, k = beat k) and the resulting ``music`` (a Motif, or a Cue after harmonize).

    Lesson: lessons/04_motif_evolution.ipynb
    """

    label: str
    steps: tuple[Step, ...]
    source: int
    music: object

    def chain(self) -> str:
        """The steps as text: ``to_mode('minor'), augment(2)`` (``as written`` if there are none)."""
        return ", ".join(str(s) for s in self.steps) or "as written"


def _tune(music: Motif | Cue) -> Motif:
    return music.melody() if isinstance(music, Cue) else music


class Arc:
    """A theme followed through the beats of a story: each beat a chain of transforms of the
    theme (or of an earlier beat), heard, notated, measured and explained.

    Build it with :meth:`then`, one beat at a time (every call returns a new arc); change a
    beat with :meth:`with_beat`. ``gap`` is the silence between beats (seconds) in
    :meth:`to_audio`.

    Examples
    --------
    >>> theme = Motif.parse("3/4 c4 g8 a g4 e8 d c2", name="Wanderer", key="C major", tempo=104)
    >>> arc = (Arc(theme, name="Wanderer's arc")
    ...        .then("call", "with_instrument('French Horn')", "with_dynamics('f')")
    ...        .then("defeat", "to_mode('minor')", "augment(2)", "with_instrument('Cello')"))
    >>> print(arc.explain())
    Wanderer's arc: the theme is Wanderer: C4 G4 A4 G4 E4 D4 C4 | C major | 3/4 | 104 BPM | Acoustic Grand Piano | 3.5 s
    beat 1 (call): with_instrument('French Horn'), with_dynamics('f')
    beat 2 (defeat): to_mode('minor'), augment(2), with_instrument('Cello')
    >>> arc.version(2).pitches
    ['C4', 'G4', 'Ab4', 'G4', 'Eb4', 'D4', 'C4']

    Lesson: lessons/04_motif_evolution.ipynb
    """

    def __init__(self, theme: Motif, *, name: str = "Arc", gap: float = 0.5):
        if not isinstance(theme, Motif):
            raise ScoringError(f"an arc follows a theme: give a Motif, not {type(theme).__name__}")
        fix = "give the silence between beats in seconds, 0-5"
        self.theme, self.name, self.gap = theme, _label(name, "name"), check_real(gap, "gap", fix)
        if not 0 <= self.gap <= 5:
            raise ScoringError(f"gap={gap!r}: {fix}")
        self._beats: tuple[Beat, ...] = ()

    # ------------------------------------------------------------------ building
    def _with_specs(self, specs: Sequence[tuple[str, tuple[Step, ...], int]]) -> "Arc":
        new = Arc(self.theme, name=self.name, gap=self.gap)
        beats: list[Beat] = []
        for number, (label, steps, source) in enumerate(specs, 1):
            music = self.theme if source == 0 else _tune(beats[source - 1].music)
            for s in steps:
                try:
                    music = s.apply(music)
                except ScoringError as exc:
                    raise ScoringError(f"beat {number} ({label}), step {s}: {exc}") from None
            music = music.with_name(label)
            beats.append(Beat(label, tuple(steps), source, music))
        new._beats = tuple(beats)
        if new.duration_seconds > MAX_SECONDS:
            raise ScoringError(f"the arc lasts {new.duration_seconds:.0f} s, over the {MAX_SECONDS:.0f} s limit")
        return new

    def _specs(self) -> list[tuple[str, tuple[Step, ...], int]]:
        return [(b.label, b.steps, b.source) for b in self._beats]

    def _source(self, source, limit: int) -> int:
        if isinstance(source, str) and source in ("theme", "previous"):
            return 0 if source == "theme" else limit
        if not _is_whole(source) or not 0 <= source <= limit:
            raise ScoringError(f"source={source!r}: use 'theme', 'previous' or a beat number 1-{limit} "
                               "(a beat is made from the theme or from an earlier beat)")
        return int(source)

    def then(self, label: str, *steps, source: "str | int" = "theme") -> "Arc":
        """A new arc with one more beat: ``label`` and the steps (``"augment(2)"``, ``("to_mode", "minor")``
        or :class:`Step`) applied to the theme, or with ``source="previous"`` (or a beat number) to an
        earlier beat's tune. A story moves on from where it was; a motif can return from anywhere.

        Examples
        --------
        >>> arc = Arc(Motif.parse("4/4 c4 e g c'2", key="C major")).then("loss", "to_mode('minor')")
        >>> arc.then("memory", ("augment", 2), source="previous").version(2).durations
        [2.0, 2.0, 2.0, 4.0]

        Lesson: lessons/04_motif_evolution.ipynb
        """
        if len(self._beats) >= 12:
            raise ScoringError("an arc holds at most 12 beats; start a second arc for the next act")
        src = self._source(source, len(self._beats))
        return self._with_specs(self._specs() + [(_label(label), tuple(step(s) for s in steps), src)])

    def with_beat(self, number: int, *steps, label: str | None = None) -> "Arc":
        """A new arc in which beat ``number`` (1 = the first) is made by other steps (and maybe
        renamed); later beats made from it follow.

        Examples
        --------
        >>> theme = Motif.parse("4/4 c4 e g c'2", name="Hero", key="C major")
        >>> arc = Arc(theme).then("loss", "to_mode('minor')").then("echo", "octave(-1)", source="previous")
        >>> arc.with_beat(1, "to_mode('dorian')").version(2).pitches
        ['C3', 'Eb3', 'G3', 'C4']

        Lesson: lessons/04_motif_evolution.ipynb
        """
        index = self._number(number) - 1
        specs = self._specs()
        old_label, _, src = specs[index]
        specs[index] = (old_label if label is None else _label(label), tuple(step(s) for s in steps), src)
        return self._with_specs(specs)

    def _number(self, number: int) -> int:
        if not _is_whole(number) or not 1 <= number <= len(self._beats):
            raise ScoringError(f"beat {number!r} does not exist; this arc has beats 1-{len(self._beats)}"
                               if self._beats else "this arc has no beats yet; add one with .then('label', ...)")
        return int(number)

    # ------------------------------------------------------------------ reading
    @property
    def beats(self) -> tuple[Beat, ...]:
        """The beats, first to last."""
        return self._beats

    @property
    def versions(self) -> list:
        """The music of every beat (Motifs, or Cues after harmonize)."""
        return [b.music for b in self._beats]

    def version(self, number: int):
        """The music of beat ``number`` (1 = the first)."""
        return self._beats[self._number(number) - 1].music

    def __len__(self) -> int:
        return len(self._beats)

    def __eq__(self, other) -> bool:
        return isinstance(other, Arc) and (self.theme, self.name, self.gap, self._specs()) == \
            (other.theme, other.name, other.gap, other._specs())

    __hash__ = None  # an arc is compared by value but not hashed

    @property
    def duration_seconds(self) -> float:
        """The length of the whole arc: every beat plus the gaps between them."""
        lengths = [b.music.duration_seconds for b in self._beats]
        return sum(lengths) + self.gap * max(0, len(lengths) - 1)

    def starts(self) -> list[float]:
        """Where each beat starts in :meth:`to_audio`, in seconds (beats in order, ``gap`` apart).

        Examples
        --------
        >>> Arc(Motif.parse("c4 e g c'2", tempo=120)).then("a").then("b", "augment(2)").starts()
        [0.0, 3.0]

        Lesson: lessons/04_motif_evolution.ipynb
        """
        out, t = [], 0.0
        for b in self._beats:
            out.append(t)
            t += b.music.duration_seconds + self.gap
        return out

    def explain(self) -> str:
        """The arc in words: the theme, then one line per beat with the steps that made it.

        Examples
        --------
        >>> arc = Arc(Motif.parse("c4 e g", key="C major"), name="Hero").then("defeat", "to_mode('minor')")
        >>> print(arc.explain().splitlines()[1])
        beat 1 (defeat): to_mode('minor')

        Lesson: lessons/04_motif_evolution.ipynb
        """
        lines = [f"{self.name}: the theme is {self.theme.summary()}"]
        return "\n".join(lines + [self.describe(k) for k in range(1, len(self._beats) + 1)])

    def describe(self, number: int) -> str:
        """One beat in words: its number, label, source (if not the theme) and the steps that made it.

        Examples
        --------
        >>> arc = Arc(Motif.parse("c4 e g", key="C major")).then("defeat", "to_mode('minor')")
        >>> arc.then("echo", "octave(-1)", source="previous").describe(2)
        'beat 2 (echo, from beat 1): octave(-1)'

        Lesson: lessons/04_motif_evolution.ipynb
        """
        k = self._number(number)
        b = self._beats[k - 1]
        where = f", from beat {b.source}" if b.source else ""
        return f"beat {k} ({b.label}{where}): {b.chain()}"

    def code(self, *, theme: str = "theme") -> str:
        """Python that rebuilds every beat from a variable holding the theme.

        Examples
        --------
        >>> arc = Arc(Motif.parse("c4 e g")).then("hesitant child", "octave(1)", "with_tempo(72)")
        >>> print(arc.code())
        hesitant_child = theme.octave(1).with_tempo(72)

        Lesson: lessons/04_motif_evolution.ipynb
        """
        if not isinstance(theme, str) or not theme.isidentifier():
            raise ScoringError(f"theme={theme!r}: give the name of the variable holding the theme, like 'theme'")
        names: list[str] = []
        lines = []
        for k, b in enumerate(self._beats, 1):
            var = re.sub(r"\W+", "_", b.label.strip().lower()).strip("_") or f"beat{k}"
            if var[0].isdigit() or var in names or var == theme:
                var = f"beat{k}_{var}"
            names.append(var)
            expr = theme if b.source == 0 else names[b.source - 1]
            if b.source and not isinstance(self._beats[b.source - 1].music, Motif):
                expr += ".melody()"
            for s in b.steps:
                if s.method in CUE_STEPS:
                    inner = [repr(a) for a in s.args] + [f"{k2}={v!r}" for k2, v in s.kwargs]
                    expr = f"{s.method}({', '.join([expr] + inner)})"
                else:
                    expr += f".{s}"
            lines.append(f"{var} = {expr}")
        return "\n".join(lines)

    def summary(self) -> str:
        """One line: name, number of beats, length."""
        return f"{self.name}: {len(self._beats)} beats | {self.duration_seconds:.1f} s"

    def __repr__(self) -> str:
        return self.explain()

    # ------------------------------------------------------------------ measuring
    def metrics(self) -> list[dict]:
        """Numbers for each beat: ``tempo`` (BPM at its start, from its tempo map), ``pace`` (notes
        per second, by its clock), ``register`` (the tune's mean MIDI pitch, weighted by duration),
        ``loudness`` (dB RMS; a beat that makes no sound, such as a horn written above its
        range, reads :data:`SILENT_DB`) and ``brightness`` (spectral centroid, Hz) of its sound, and
        ``tension`` (the mean of lesson 02's tension curve, 0..1).

        Examples
        --------
        >>> arc = Arc(Motif.parse("c4 e g c'2", tempo=120)).then("low", "octave(-1)")
        >>> m = arc.metrics()[0]
        >>> m["tempo"], m["pace"], m["register"]
        (120.0, 1.6, 55.0)

        Lesson: lessons/04_motif_evolution.ipynb
        """
        out = []
        for k, b in enumerate(self._beats, 1):
            sounding = [n for n in _tune(b.music).notes if not n.is_rest]
            weight = sum(float(n.duration) for n in sounding)
            profile = sound_profile(*b.music.to_audio())
            out.append({"beat": k, "label": b.label, "tempo": b.music.tempo_map.tempo,
                        "pace": len(sounding) / b.music.duration_seconds,
                        "register": sum(n.pitch * float(n.duration) for n in sounding) / weight,
                        "loudness": max(profile["loudness_db"], SILENT_DB), "brightness": profile["brightness_hz"],
                        "tension": mean_tension(b.music)})
        return out

    def table(self, metrics: list[dict] | None = None) -> str:
        """The metrics as a small table, one row per beat (register as the nearest note name; the
        pace in notes a minute, the unit of the tempo and of the plot).

        Examples
        --------
        >>> arc = Arc(Motif.parse("c4 e g c'2", tempo=120)).then("low", "octave(-1)")
        >>> print(arc.table().splitlines()[0])
        beat      tempo notes/min register loud dB bright Hz tension

        Lesson: lessons/04_motif_evolution.ipynb
        """
        rows = _metrics(self, metrics)
        width = max([5] + [len(r["label"]) for r in rows]) + 1
        lines = [f"{'beat':<{width + 3}} {'tempo':>5} {'notes/min':>9} {'register':>8} {'loud dB':>7} "
                 f"{'bright Hz':>9} {'tension':>7}"]
        for r in rows:
            reg = _pitch.note_name(int(round(r["register"])), "C major")
            lines.append(f"{r['beat']:>2} {r['label']:<{width}} {r['tempo']:5.0f} {60 * r['pace']:9.0f} {reg:>8} "
                         f"{r['loudness']:7.1f} {r['brightness']:9.0f} {r['tension']:7.2f}")
        return "\n".join(lines)

    # ------------------------------------------------------------------ hearing and seeing
    def events(self):
        """Every note of every beat as timed events, each beat by its own clock from its start in
        :meth:`starts`.

        Examples
        --------
        >>> arc = Arc(Motif.parse("c4 e", tempo=60), gap=1).then("a").then("b")
        >>> [e.start for e in arc.events()]
        [0.0, 1.0, 3.0, 4.0]

        Lesson: lessons/04_motif_evolution.ipynb
        """
        return [e for start, b in zip(self.starts(), self._beats) for e in motif_events(b.music, offset=start)]

    def to_audio(self, *, sample_rate: int = 44100):
        """The whole arc as one clip: ``(samples, sample_rate)``, beats in order with ``gap`` seconds between.

        Examples
        --------
        >>> samples, sr = Arc(Motif.parse("c4 e g c'2", tempo=120)).then("a").then("b").to_audio()
        >>> round(samples.shape[0] / sr, 1)  # 2.5 + 0.5 + 2.5 s, and 1 s of reverb
        6.5

        Lesson: lessons/04_motif_evolution.ipynb
        """
        if not self._beats:
            raise ScoringError("this arc has no beats yet; add one with .then('label', ...)")
        return render_events(self.events(), seconds=self.duration_seconds, sample_rate=sample_rate)

    def play(self) -> HTML:
        """One player for the whole arc (beats in order, ``gap`` seconds apart).

        Examples
        --------
        >>> Arc(Motif.parse("c4 e g c'2", tempo=120)).then("once").then("again", "octave(-1)").play()
        audio of Arc (5.5 s)

        Lesson: lessons/04_motif_evolution.ipynb
        """
        samples, sr = self.to_audio()
        return HTML(f'<div style="font-size:0.9em">{escape(self.listen_text())}</div>'
                    + audio_tag(samples, sr, label=self.listen_text()),
                    f"audio of {self.name} ({self.duration_seconds:.1f} s)")

    def listen_text(self) -> str:
        """What the arc's player holds, in words: its name, its beats in order and its length.

        Examples
        --------
        >>> Arc(Motif.parse("c4 e g c'2", tempo=120), name="Hero").then("call").then("fall").listen_text()
        'Hero: 2 beats (call, fall), 5.5 s'

        Lesson: lessons/04_motif_evolution.ipynb
        """
        labels = ", ".join(b.label for b in self._beats)
        return f"{self.name}: {len(self._beats)} beats ({labels}), {self.duration_seconds:.1f} s"

    def plot(self, *, metrics: list[dict] | None = None, figsize: Sequence[float] = (9.0, 6.4)):
        """One figure of the arc (pyplot; end the cell with ``plt.show()``): a piano roll of every
        beat on one time line, and four panels of how tempo (with the pace, dashed: augmentation
        slows the pace, not the tempo), register, brightness and tension move from beat to beat.
        Returns the five Axes (roll first).

        Examples
        --------
        >>> arc = Arc(Motif.parse("c4 e g c'2")).then("one").then("two", "octave(-1)")
        >>> axes = arc.plot()
        >>> [ax.get_title() for ax in axes[1:]]
        ['tempo (BPM) and pace (notes a minute)', 'register (mean pitch)', 'brightness (Hz)', 'tension (0-1)']

        Lesson: lessons/04_motif_evolution.ipynb
        """
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=_figsize(figsize), layout="constrained")
        return _draw(fig, self, _metrics(self, metrics))

    def figure(self, *, metrics: list[dict] | None = None, figsize: Sequence[float] = (9.0, 6.4)):
        """The figure of :meth:`plot` as a standalone matplotlib Figure (not kept by pyplot).

        Examples
        --------
        >>> fig = Arc(Motif.parse("c4 e g c'2")).then("one").then("two", "octave(-1)").figure()
        >>> len(fig.axes), fig.axes[0].get_xlabel()
        (5, 'seconds (the whole arc)')

        Lesson: lessons/04_motif_evolution.ipynb
        """
        from matplotlib.figure import Figure

        fig = Figure(figsize=_figsize(figsize), layout="constrained")
        _draw(fig, self, _metrics(self, metrics))
        return fig

    def plot_alt(self, metrics: list[dict] | None = None) -> str:
        """Alt text for the arc's figure: what it plots, its axes, and the beat where tension peaks.

        Examples
        --------
        >>> arc = Arc(Motif.parse("c4 e g c'2"), name="Hero").then("calm", "with_dynamics('pp')")
        >>> arc.then("storm", "octave(1)", "with_dynamics('ff')").plot_alt()  # doctest: +ELLIPSIS
        'figure of Hero: a piano roll of its 2 beats on one time line (seconds across, pitch up), ...; tension peaks at beat 2 (storm), ...'

        Lesson: lessons/04_motif_evolution.ipynb
        """
        rows = _metrics(self, metrics)
        if not rows:
            return f"figure of {self.name}: no beats yet"
        top = max(rows, key=lambda r: r["tension"])
        low = min(rows, key=lambda r: r["register"])
        return (f"figure of {self.name}: a piano roll of its {len(rows)} beats on one time line (seconds across, "
                "pitch up), then tempo with pace, register, brightness and tension by beat (beat number across); "
                f"tension peaks at beat {top['beat']} ({top['label']}), {top['tension']:.2f} of 1; the register "
                f"sits lowest at beat {low['beat']} ({low['label']}), around "
                f"{_pitch.note_name(int(round(low['register'])), 'C major')}")

    def figure_html(self, *, metrics: list[dict] | None = None) -> HTML:
        """The arc's figure (:meth:`figure`) as a picture with its alt text (:meth:`plot_alt`), the
        same words as a caption under it.

        Examples
        --------
        >>> view = Arc(Motif.parse("c4 e g c'2"), name="Hero").then("one").then("two", "octave(-1)").figure_html()
        >>> view.html.count("<img"), str(view).startswith("figure of Hero: a piano roll of its 2 beats")
        (1, True)

        Lesson: lessons/04_motif_evolution.ipynb
        """
        if not self._beats:
            raise ScoringError("this arc has no beats yet; add one with .then('label', ...)")
        metrics = _metrics(self, metrics)
        alt = self.plot_alt(metrics)
        return captioned_figure(self.figure(metrics=metrics), alt=alt)

    def show(self, *, players: bool = False) -> HTML:
        """The arc to read and hear: its explanation, each beat's notation (with a player each if
        ``players``), one player for the whole arc, the figure and the table.

        Examples
        --------
        >>> view = Arc(Motif.parse("c4 e g c'2", tempo=120)).then("a").then("b", "octave(-1)").show()
        >>> view.html.count("<audio"), view.html.count("image/svg+xml")
        (1, 2)

        Lesson: lessons/04_motif_evolution.ipynb
        """
        if not self._beats:
            raise ScoringError("this arc has no beats yet; add one with .then('label', ...)")
        if not isinstance(players, (bool, np.bool_)):
            raise ScoringError(f"players={players!r}: give True (a player under every beat) or False")
        metrics = self.metrics()
        cells = [card(f"beat {k} · {b.label}", note=b.chain(), small=True,
                      notation=img_tag(svg(b.music, width=1000), alt=b.music.alt_text()),
                      player=audio_tag(*b.music.to_audio(), label=b.music.listen_text()) if players else "",
                      summary=b.music.listen_text() if players else "")
                 for k, b in enumerate(self._beats, 1)]
        samples, sr = self.to_audio()
        whole = card(f"the whole arc ({self.duration_seconds:.1f} s)",
                     player=audio_tag(samples, sr, label=self.listen_text()),
                     extra=figure_png(self.figure(metrics=metrics), dpi=72, alt=self.plot_alt(metrics)))
        page = (f'<div style="font-weight:bold;font-size:1.1em">{escape(self.name)}</div>'
                f'<pre style="font-size:0.85em">{escape(self.explain())}</pre>{grid(cells, columns=3)}{whole}'
                f'<pre style="font-size:0.85em">{escape(self.table(metrics))}</pre>')
        return HTML(page, f"{self.explain()}\n{self.table(metrics)}")

    def _repr_html_(self) -> str:
        return self.show().html


def mean_tension(music: Motif | Cue) -> float:
    """The mean of a Motif's or Cue's tension curve (0 calm .. 1 tense), from lesson 02's
    :func:`scoring.tension.tension_curve`.

    Examples
    --------
    >>> calm = Motif.parse("4/4 c2 e2", tempo=60, dynamics="pp")
    >>> tense = Motif.parse("4/4 c''8 d'' e'' f'' g'' a'' b'' c'''", tempo=160, dynamics="ff")
    >>> mean_tension(calm) < mean_tension(tense)
    True

    Lesson: lessons/04_motif_evolution.ipynb
    """
    if not isinstance(music, (Motif, Cue)):
        raise ScoringError(f"mean_tension() measures a Motif or a Cue, not {type(music).__name__}")
    return float(tension_curve(music).total.mean())


def _is_whole(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _label(label: object, what: str = "label") -> str:
    """A beat's (or the arc's) name: one line of text, so :meth:`Arc.explain` keeps a line per beat."""
    if not isinstance(label, str) or "\n" in label or "\r" in label:
        raise ScoringError(f"{what}={label!r}: give a name as one line of text, like 'defeat'")
    return label


def _metrics(arc: Arc, metrics: object) -> list[dict]:
    """``metrics`` checked to be rows like :meth:`Arc.metrics` returns (``None``: measure the arc now)."""
    if metrics is None:
        return arc.metrics()
    fix = "leave metrics out, or give the list that arc.metrics() returns"
    rows = checks.items(metrics, "metrics", fix, most=1000)
    out = []
    for row in rows:
        if not isinstance(row, Mapping) or not all(k in row for k in ("beat", "label") + METRICS):
            raise ScoringError(f"metrics holds {checks.show(row)}, not a row of arc.metrics(); {fix}")
        clean = {k: checks.number(row[k], f"metrics {k}", fix) for k in METRICS}
        clean["beat"] = checks.whole(row["beat"], "metrics beat", fix)
        clean["label"] = checks.text(row["label"], "metrics label", fix, most=200)
        clean["register"] = checks.number(row["register"], "metrics register", fix, lo=0, hi=127)
        out.append(clean)
    return out


def _figsize(figsize: object) -> tuple[float, float]:
    fix = "give (width, height) in inches, like (9, 6.4)"
    if not isinstance(figsize, (list, tuple)) or len(figsize) != 2:
        raise ScoringError(f"figsize={figsize!r}: {fix}")
    size = tuple(check_real(x, "figsize", fix) for x in figsize)
    if not all(1 <= x <= 40 for x in size):
        raise ScoringError(f"figsize={figsize!r}: {fix}, each 1 to 40")
    return size


def _draw(fig, arc: Arc, metrics: list[dict]):
    """The arc's figure on ``fig``: the piano roll of every beat in seconds, then four panels by beat."""
    grid_spec = fig.add_gridspec(3, 2, height_ratios=[1.6, 1, 1])
    ax_roll = fig.add_subplot(grid_spec[0, :])
    panels = [fig.add_subplot(grid_spec[1, 0]), fig.add_subplot(grid_spec[1, 1]), fig.add_subplot(grid_spec[2, 0]),
              fig.add_subplot(grid_spec[2, 1])]
    voices = [(f"{k} {b.label}", [(e.start, e.end - e.start, e.pitch, e.velocity)
                                  for e in motif_events(b.music, offset=start)])
              for k, (start, b) in enumerate(zip(arc.starts(), arc.beats), 1)]
    roll.draw(ax_roll, voices, name=lambda p: _pitch.note_name(p, "C major"), xlabel="seconds (the whole arc)",
              length=max(arc.duration_seconds, 0.1), legend=False)
    for k, (start, b) in enumerate(zip(arc.starts(), arc.beats)):
        ax_roll.axvline(start, color="grey", lw=0.6)
        ax_roll.text(start + 0.05, 1.0, f"{k + 1} {b.label}", transform=ax_roll.get_xaxis_transform(), fontsize=8,
                     color=roll.COLOURS[k % len(roll.COLOURS)], va="bottom")
    x = [m["beat"] for m in metrics]
    specs = [("tempo", "tempo (BPM) and pace (notes a minute)"), ("register", "register (mean pitch)"),
             ("brightness", "brightness (Hz)"), ("tension", "tension (0-1)")]
    for ax, (key, title) in zip(panels, specs):
        y = [m[key] for m in metrics]
        ax.plot(x, y, color="#444444", lw=1, label="tempo" if key == "tempo" else None)
        for i, (xi, yi) in enumerate(zip(x, y)):
            ax.plot([xi], [yi], marker="o", color=roll.COLOURS[i % len(roll.COLOURS)], ms=7)
        if key == "tempo":
            ax.plot(x, [60 * m["pace"] for m in metrics], color="#888888", lw=1, ls="--", marker="x", ms=5,
                    label="pace")
            ax.legend(fontsize=7, frameon=False, loc="best")
        ax.set_title(title, fontsize=10)
        ax.set_xticks(x, [str(v) for v in x])
        ax.set_xlim(0.6, max(x) + 0.4 if x else 1.4)
        ax.grid(True, alpha=0.3)
    if metrics:
        low = int(min(m["register"] for m in metrics)) - 2
        high = int(max(m["register"] for m in metrics)) + 3
        ticks = [p for p in range(low, high + 1) if p % 12 in (0, 7)] or [low]
        panels[1].set_yticks(ticks, [_pitch.note_name(p, "C major") for p in ticks])
    panels[3].set_ylim(0, 1)
    for ax in panels[2:]:
        ax.set_xlabel("beat")
    return [ax_roll] + panels
