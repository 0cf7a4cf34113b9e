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
from dataclasses import dataclass
from typing import Sequence

from scoring.errors import ScoringError
from scoring.core.notes import MAX_SECONDS
from scoring.core.motif import Motif

#: Transforms a step may call on the tune (each a :class:`~scoring.core.motif.Motif` method).
MOTIF_STEPS: tuple[str, ...] = ("transpose", "octave", "invert", "retrograde", "retrograde_inversion", "augment",
                                "diminish", "to_mode", "fragment", "sequence", "expand_intervals", "with_tempo",
                                "with_instrument", "with_dynamics")
#: Steps that turn the tune into a cue with several layers; they come last in a chain.
CUE_STEPS: tuple[str, ...] = ("harmonize", "apply_palette")
STEPS: tuple[str, ...] = MOTIF_STEPS + CUE_STEPS

#: What :meth:`Arc.metrics` measures for each beat, in the order of :meth:`Arc.table`.
METRICS: tuple[str, ...] = ("tempo", "pace", "register", "loudness", "brightness", "tension")


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
        if self.method not in STEPS:
            raise ScoringError(f"{self.method!r} is not a step an arc knows; use one of: {', '.join(STEPS)}")
        object.__setattr__(self, "args", tuple(self.args))
        object.__setattr__(self, "kwargs", tuple((str(k), v) for k, v in self.kwargs))

    def __str__(self) -> str:
        inner = [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs]
        return f"{self.method}({', '.join(inner)})"

    def apply(self, music):
        """The music this step makes from ``music`` (a Motif, or a Cue for the cue steps)."""
        from scoring.core.cue import Cue

        kwargs = dict(self.kwargs)
        if self.method == "harmonize":
            from scoring.harmony import harmonize

            if not isinstance(music, Motif):
                raise ScoringError("harmonize(...) needs a tune, and this beat is already a cue; harmonize once, "
                                   "as the last step (apply_palette may follow it)")
            return harmonize(music, *self.args, **kwargs)
        if self.method == "apply_palette":
            from scoring.mood import apply_palette

            return apply_palette(music, *self.args, **kwargs)
        if isinstance(music, Cue):
            raise ScoringError(f"{self} changes a tune, but this beat is already a cue (after harmonize or "
                               "apply_palette); move those to the end of the chain")
        try:
            return getattr(music, self.method)(*self.args, **kwargs)
        except TypeError as exc:
            raise ScoringError(f"{self}: wrong arguments ({exc}); e.g. augment(2), to_mode('minor'), "
                               "with_instrument('Cello')") from None


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


def _tune(music) -> Motif:
    from scoring.core.cue import Cue

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
        if isinstance(gap, bool) or not isinstance(gap, (int, float)) or not 0 <= gap <= 5:
            raise ScoringError(f"gap={gap!r}: give the silence between beats in seconds, 0-5")
        self.theme, self.name, self.gap = theme, str(name), float(gap)
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
        if source in ("theme", 0):
            return 0
        if source == "previous":
            return limit
        if isinstance(source, bool) or not isinstance(source, int) or not 1 <= source <= limit:
            raise ScoringError(f"source={source!r}: use 'theme', 'previous' or a beat number 1-{limit} "
                               "(a beat is made from the theme or from an earlier beat)")
        return source

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
        return self._with_specs(self._specs() + [(str(label), tuple(step(s) for s in steps), src)])

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
        specs[index] = (old_label if label is None else str(label), tuple(step(s) for s in steps), src)
        return self._with_specs(specs)

    def _number(self, number: int) -> int:
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= len(self._beats):
            raise ScoringError(f"beat {number!r} does not exist; this arc has beats 1-{len(self._beats)}"
                               if self._beats else "this arc has no beats yet; add one with .then('label', ...)")
        return number

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
        for k, b in enumerate(self._beats, 1):
            where = f", from beat {b.source}" if b.source else ""
            lines.append(f"beat {k} ({b.label}{where}): {b.chain()}")
        return "\n".join(lines)

    def code(self, *, theme: str = "theme") -> str:
        """Python that rebuilds every beat from a variable holding the theme.

        Examples
        --------
        >>> arc = Arc(Motif.parse("c4 e g")).then("hesitant child", "octave(1)", "with_tempo(72)")
        >>> print(arc.code())
        hesitant_child = theme.octave(1).with_tempo(72)

        Lesson: lessons/04_motif_evolution.ipynb
        """
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
        """Numbers for each beat: ``tempo`` (BPM), ``pace`` (notes per second), ``register`` (the
        tune's mean MIDI pitch, weighted by duration), ``loudness`` (dB RMS) and ``brightness``
        (spectral centroid, Hz) of its sound, and ``tension`` (the mean of lesson 02's tension
        curve, 0..1).

        Examples
        --------
        >>> arc = Arc(Motif.parse("c4 e g c'2", tempo=120)).then("low", "octave(-1)")
        >>> m = arc.metrics()[0]
        >>> m["tempo"], m["pace"], m["register"]
        (120.0, 1.6, 55.0)

        Lesson: lessons/04_motif_evolution.ipynb
        """
        from scoring.core.analysis import sound_profile

        out = []
        for k, b in enumerate(self._beats, 1):
            tune = _tune(b.music)
            sounding = [n for n in tune.notes if not n.is_rest]
            weight = sum(float(n.duration) for n in sounding)
            profile = sound_profile(*b.music.to_audio())
            out.append({"beat": k, "label": b.label, "tempo": float(b.music.tempo),
                        "pace": len(sounding) / b.music.duration_seconds,
                        "register": sum(n.pitch * float(n.duration) for n in sounding) / weight,
                        "loudness": profile["loudness_db"], "brightness": profile["brightness_hz"],
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
        from scoring.core import pitch as _pitch

        rows = metrics if metrics is not None else self.metrics()
        width = max([5] + [len(r["label"]) for r in rows]) + 1
        lines = [f"{'beat':<{width + 3}} {'tempo':>5} {'notes/min':>9} {'register':>8} {'loud dB':>7} "
                 f"{'bright Hz':>9} {'tension':>7}"]
        for r in rows:
            reg = f"{_pitch.note_name(int(round(r['register'])), 'C major')}"
            lines.append(f"{r['beat']:>2} {r['label']:<{width}} {r['tempo']:5.0f} {60 * r['pace']:9.0f} {reg:>8} "
                         f"{r['loudness']:7.1f} {r['brightness']:9.0f} {r['tension']:7.2f}")
        return "\n".join(lines)

    # ------------------------------------------------------------------ hearing and seeing
    def events(self):
        """Every note of every beat as timed events on the arc's clock (see :meth:`starts`)."""
        from scoring.render.synth import NoteEvent
        from scoring.core.view import motif_events

        out = []
        for start, b in zip(self.starts(), self._beats):
            evs = motif_events(b.music) if isinstance(b.music, Motif) else b.music.events()
            out += [NoteEvent(e.start + start, e.end + start, e.pitch, e.velocity, e.program) for e in evs]
        return out

    def to_audio(self, *, sample_rate: int = 44100):
        """The whole arc as one clip: ``(samples, sample_rate)``, beats in order with ``gap`` seconds between.

        Examples
        --------
        >>> samples, sr = Arc(Motif.parse("c4 e g c'2", tempo=120)).then("a").then("b").to_audio()
        >>> round(samples.shape[0] / sr, 1)  # 2.5 + 0.5 + 2.5 s, and 1 s of reverb
        6.5

        Lesson: lessons/04_motif_evolution.ipynb
        """
        from scoring.render.synth import render_events

        if not self._beats:
            raise ScoringError("this arc has no beats yet; add one with .then('label', ...)")
        return render_events(self.events(), seconds=self.duration_seconds, sample_rate=sample_rate)

    def play(self):
        """One player for the whole arc (beats in order, ``gap`` seconds apart).

        Examples
        --------
        >>> Arc(Motif.parse("c4 e g c'2", tempo=120)).then("once").then("again", "octave(-1)").play()
        audio of Arc (5.5 s)

        Lesson: lessons/04_motif_evolution.ipynb
        """
        from scoring.render.html import audio_tag
        from scoring.render.html import HTML

        samples, sr = self.to_audio()
        return HTML(audio_tag(samples, sr, label=self.name), f"audio of {self.name} ({self.duration_seconds:.1f} s)")

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

        fig = plt.figure(figsize=tuple(figsize), layout="constrained")
        return _draw(fig, self, metrics if metrics is not None else self.metrics())

    def show(self, *, players: bool = False):
        """The arc to read and hear: its explanation, each beat's notation (with a player each if
        ``players``), one player for the whole arc, the figure and the table.

        Examples
        --------
        >>> view = Arc(Motif.parse("c4 e g c'2", tempo=120)).then("a").then("b", "octave(-1)").show()
        >>> view.html.count("<audio"), view.html.count("image/svg+xml")
        (1, 2)

        Lesson: lessons/04_motif_evolution.ipynb
        """
        from matplotlib.figure import Figure

        from scoring.render.html import escape as _escape, audio_tag
        from scoring.render.html import HTML, figure_png
        from scoring.render.html import img_tag
        from scoring.core.view import svg

        if not self._beats:
            raise ScoringError("this arc has no beats yet; add one with .then('label', ...)")
        metrics = self.metrics()
        cells = []
        for k, b in enumerate(self._beats, 1):
            player = audio_tag(*b.music.to_audio(), label=b.label) if players else ""
            cells.append(f'<div style="flex:1 1 30%;min-width:260px">'
                         f'<div style="font-weight:bold">beat {k} · {_escape(b.label)}</div>'
                         f'<div style="font-family:monospace;font-size:0.8em">{_escape(b.chain())}</div>'
                         f'{img_tag(svg(b.music, width=1000), alt=f"notation of beat {k}")}{player}</div>')
        fig = Figure(figsize=(9.0, 6.4), layout="constrained")
        _draw(fig, self, metrics)
        samples, sr = self.to_audio()
        html = (f'<div style="font-weight:bold;font-size:1.1em">{_escape(self.name)}</div>'
                f'<pre style="font-size:0.85em">{_escape(self.explain())}</pre>'
                f'<div style="display:flex;flex-wrap:wrap;gap:12px">{"".join(cells)}</div>'
                f'<div style="font-weight:bold;margin-top:8px">the whole arc ({self.duration_seconds:.1f} s)</div>'
                f'{audio_tag(samples, sr, label=self.name)}'
                f'{figure_png(fig, dpi=72)}<pre style="font-size:0.85em">{_escape(self.table(metrics))}</pre>')
        return HTML(html, f"{self.explain()}\n{self.table(metrics)}")

    def _repr_html_(self) -> str:
        return self.show().html


def mean_tension(music) -> float:
    """The mean of a Motif's or Cue's tension curve (0 calm .. 1 tense), from lesson 02's
    :func:`scoring.tension.tension_curve`; where that module is missing, a stand-in: the mean of
    the register (C2 = 0 .. C7 = 1) and the dynamics (velocity / 127) of the sounding notes.

    Examples
    --------
    >>> calm = Motif.parse("4/4 c2 e2", tempo=60, dynamics="pp")
    >>> tense = Motif.parse("4/4 c''8 d'' e'' f'' g'' a'' b'' c'''", tempo=160, dynamics="ff")
    >>> mean_tension(calm) < mean_tension(tense)
    True

    Lesson: lessons/04_motif_evolution.ipynb
    """
    try:
        from scoring.tension import tension_curve
    except ImportError:
        return _stand_in_tension(music)
    return float(tension_curve(music).total.mean())


def _stand_in_tension(music) -> float:
    tune = _tune(music)
    sounding = [n for n in tune.notes if not n.is_rest]
    register = sum(min(1.0, max(0.0, (n.pitch - 36) / 60)) for n in sounding) / len(sounding)
    dynamics = sum(n.velocity for n in sounding) / len(sounding) / 127
    return (register + dynamics) / 2


def _draw(fig, arc: Arc, metrics: list[dict]):
    from scoring.core import pitch as _pitch
    from scoring.core.plots import COLOURS, _rect

    grid = fig.add_gridspec(3, 2, height_ratios=[1.6, 1, 1])
    roll = fig.add_subplot(grid[0, :])
    panels = [fig.add_subplot(grid[1, 0]), fig.add_subplot(grid[1, 1]), fig.add_subplot(grid[2, 0]),
              fig.add_subplot(grid[2, 1])]
    lo, hi = 127, 0
    events = arc.events()
    for k, (start, b) in enumerate(zip(arc.starts(), arc.beats)):
        colour = COLOURS[k % len(COLOURS)]
        evs = [e for e in events if start - 1e-9 <= e.start < start + b.music.duration_seconds - 1e-9]
        melody = {(round(e.start, 6), e.pitch) for e in _melody_events(b.music, start)}
        for e in evs:
            main = (round(e.start, 6), e.pitch) in melody
            roll.add_patch(_rect(e.start, e.pitch, e.end - e.start, colour, 0.85 if main else 0.25, None))
            lo, hi = min(lo, e.pitch), max(hi, e.pitch)
        roll.axvline(start, color="grey", lw=0.6)
        roll.text(start + 0.05, 1.0, f"{k + 1} {b.label}", transform=roll.get_xaxis_transform(), fontsize=8,
                  color=colour, va="bottom")
    if hi >= lo:
        roll.set_ylim(lo - 2, hi + 3)
        ticks = [p for p in range(lo - 1, hi + 3) if p % 12 == 0] or [lo]
        roll.set_yticks(ticks, [_pitch.note_name(p, "C major") for p in ticks])
    roll.set_xlim(0, max(arc.duration_seconds, 0.1))
    roll.set_xlabel("seconds (the whole arc; faint bars are accompaniment)")
    roll.set_ylabel("pitch")
    x = [m["beat"] for m in metrics]
    specs = [("tempo", "tempo (BPM) and pace (notes a minute)"), ("register", "register (mean pitch)"),
             ("brightness", "brightness (Hz)"), ("tension", "tension (0-1)")]
    for ax, (key, title) in zip(panels, specs):
        y = [m[key] for m in metrics]
        ax.plot(x, y, color="#444444", lw=1, label="tempo" if key == "tempo" else None)
        for i, (xi, yi) in enumerate(zip(x, y)):
            ax.plot([xi], [yi], marker="o", color=COLOURS[i % len(COLOURS)], ms=7)
        if key == "tempo":
            ax.plot(x, [60 * m["pace"] for m in metrics], color="#888888", lw=1, ls="--", marker="x", ms=5,
                    label="pace")
            ax.legend(fontsize=7, frameon=False, loc="best")
        ax.set_title(title, fontsize=10)
        ax.set_xticks(x, [str(v) for v in x])
        ax.set_xlim(0.6, max(x) + 0.4 if x else 1.4)
        ax.grid(True, alpha=0.3)
    reg = panels[1]
    if metrics:
        low = int(min(m["register"] for m in metrics)) - 2
        high = int(max(m["register"] for m in metrics)) + 3
        ticks = [p for p in range(low, high + 1) if p % 12 in (0, 7)] or [low]
        reg.set_yticks(ticks, [_pitch.note_name(p, "C major") for p in ticks])
    panels[3].set_ylim(0, 1)
    for ax in panels[2:]:
        ax.set_xlabel("beat")
    return [roll] + panels


def _melody_events(music, offset: float):
    from scoring.core.view import motif_events

    return motif_events(_tune(music), offset=offset)
