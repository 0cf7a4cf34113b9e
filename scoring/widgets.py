"""The interactive panels the lessons use (ipywidgets).

Each panel is built from a pure function (settings in, motif and code out) that the tests
check, plus a thin layer of controls that calls it.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .errors import ScoringError
from .model import Motif
from .pitch import BRIGHTNESS

TRANSFORMS = ("original", "invert", "retrograde", "retrograde inversion", "augment", "diminish")
INSTRUMENTS = ("keep", "Acoustic Grand Piano", "French Horn", "Cello", "Violin", "Flute", "Oboe",
               "Clarinet", "Trumpet", "String Ensemble 1", "Celesta", "Pad 2 (warm)", "Lead 2 (sawtooth)")
MODE_CHOICES = ("keep", "major", "minor") + BRIGHTNESS


def _panel(title: str, children):
    """A panel (a VBox) whose text form says what it is, so a saved notebook shows a sentence, not a
    widget tree, where the panel cannot run."""
    import ipywidgets as w

    class Panel(w.VBox):
        def __repr__(self) -> str:
            return f"{title}: an interactive panel; run this cell in JupyterLab to use it"

    return Panel(children)


def variable_name(name: str) -> str:
    """A Python variable name for a motif's name (``"Hero [0:2]"`` -> ``"hero_0_2"``).

    Examples
    --------
    >>> variable_name("Hero + Hero"), variable_name("2nd theme")
    ('hero_hero', 'm_2nd_theme')

    Lesson: lessons/00_first_motif.ipynb
    """
    import keyword
    import re

    text = re.sub(r"\W+", "_", str(name).lower()).strip("_") or "motif"
    if text[0].isdigit() or keyword.iskeyword(text):
        text = "m_" + text
    return text


@dataclass(frozen=True)
class ExplorerSettings:
    """What the motif explorer's controls say (see :func:`apply_settings`).

    Lesson: lessons/00_first_motif.ipynb
    """

    transform: str = "original"
    mode: str = "keep"
    octave: int = 0
    tempo: float | None = None
    instrument: str = "keep"


def apply_settings(motif: Motif, s: ExplorerSettings) -> tuple[Motif, str]:
    """Apply the explorer's settings to a motif; returns the new motif and the code that makes it.

    Examples
    --------
    >>> hero = Motif.parse("c4 e g c'2", name="hero")
    >>> new, code = apply_settings(hero, ExplorerSettings(transform="invert", mode="minor", octave=-1))
    >>> code, new.pitches
    ("hero.invert().to_mode('minor').octave(-1)", ['C3', 'Ab2', 'F2', 'C2'])

    Lesson: lessons/00_first_motif.ipynb
    """
    m, code = motif, variable_name(motif.name)
    steps = {
        "original": None, "invert": ("invert", ()), "retrograde": ("retrograde", ()),
        "retrograde inversion": ("retrograde_inversion", ()), "augment": ("augment", (2,)),
        "diminish": ("diminish", (2,)),
    }
    if s.transform not in steps:
        raise ScoringError(f"unknown transform {s.transform!r}; choose one of {', '.join(steps)}")
    calls = [steps[s.transform]] if steps[s.transform] else []
    if s.mode != "keep":
        calls.append(("to_mode", (s.mode,)))
    if s.octave:
        calls.append(("octave", (int(s.octave),)))
    if s.tempo is not None and s.tempo != motif.tempo:
        calls.append(("with_tempo", (s.tempo,)))
    if s.instrument != "keep":
        calls.append(("with_instrument", (s.instrument,)))
    for name, args in calls:
        m = getattr(m, name)(*args)
        code += f".{name}({', '.join(repr(a) for a in args)})"
    return m, code


def motif_explorer(motif: Motif):
    """A panel to transform a motif and at once see and hear it beside the original.

    Controls: transform, mode, octave, tempo, instrument. The panel prints the code that
    makes what you hear, so you can paste it into a cell.

    Lesson: lessons/00_first_motif.ipynb
    """
    import ipywidgets as w

    from .display import compare

    style = {"description_width": "80px"}
    transform = w.Dropdown(options=TRANSFORMS, value="original", description="transform", style=style)
    mode = w.Dropdown(options=MODE_CHOICES, value="keep", description="mode", style=style)
    octave = w.IntSlider(value=0, min=-2, max=2, description="octave", style=style)
    tempo = w.IntSlider(value=int(round(motif.tempo)), min=40, max=200, step=4, description="tempo", style=style)
    instrument = w.Dropdown(options=INSTRUMENTS, value="keep", description="instrument", style=style)
    code = w.HTML()
    view = w.HTML()

    def update(_=None):
        settings = ExplorerSettings(transform.value, mode.value, octave.value, float(tempo.value), instrument.value)
        try:
            new, text = apply_settings(motif, settings)
            code.value = f"<code>{text}</code>"
            view.value = compare(motif, new.with_name(text)).html
        except ScoringError as exc:
            code.value = f'<span style="color:#a4461b">{exc}</span>'

    for control in (transform, mode, octave, tempo, instrument):
        control.observe(update, names="value")
    update()
    controls = w.HBox([w.VBox([transform, mode, instrument]), w.VBox([octave, tempo])])
    return _panel("Motif explorer", [controls, code, view])


HARMONY_CHOICES = ("none", "diatonic", "mediant", "noir")


def mood_settings_cue(motif: Motif, *, mode: str, tempo: float, octave: int, dynamics: str, harmony: str,
                      palette: str):
    """What the mood mixer plays for its settings (``palette="keep"`` keeps the motif's instrument).

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'", name="Hero")
    >>> cue = mood_settings_cue(hero, mode="minor", tempo=60, octave=-1, dynamics="p", harmony="none", palette="keep")
    >>> cue.melody().pitches, cue.tempo
    (['C3', 'Eb3', 'G3', 'C4'], 60.0)

    Lesson: lessons/01_mood.ipynb
    """
    from .mood import mix

    return mix(motif, mode=mode, tempo=tempo, octave=octave, dynamics=dynamics,
               harmony=None if harmony == "none" else harmony, palette=None if palette == "keep" else palette)


def mood_mixer(motif: Motif):
    """The mood mixer: mode, tempo, register, dynamics, harmony and palette for one motif;
    the score, the sound and the piano roll follow every change.

    Lesson: lessons/01_mood.ipynb
    """
    import ipywidgets as w

    from .display import cue_html
    from .model import DYNAMICS
    from .mood import PALETTES

    style = {"description_width": "70px"}
    mode = w.Dropdown(options=("major", "minor") + BRIGHTNESS, value="major", description="mode", style=style)
    tempo = w.IntSlider(value=int(round(motif.tempo)), min=40, max=180, step=4, description="tempo", style=style)
    octave = w.IntSlider(value=0, min=-2, max=2, description="register", style=style)
    dynamics = w.SelectionSlider(options=list(DYNAMICS), value="mf", description="dynamics", style=style)
    harmony = w.Dropdown(options=HARMONY_CHOICES, value="diatonic", description="harmony", style=style)
    palette = w.Dropdown(options=("keep",) + tuple(PALETTES), value="warm orchestral", description="palette",
                         style=style)
    status = w.HTML()
    view = w.HTML()

    def update(_=None):
        try:
            cue = mood_settings_cue(motif, mode=mode.value, tempo=tempo.value, octave=octave.value,
                                    dynamics=dynamics.value, harmony=harmony.value, palette=palette.value)
            view.value = cue_html(cue)
            status.value = ""
        except ScoringError as exc:
            status.value = f'<span style="color:#a4461b">{exc}</span>'

    for control in (mode, tempo, octave, dynamics, harmony, palette):
        control.observe(update, names="value")
    update()
    return _panel("Mood mixer", [w.HBox([w.VBox([mode, harmony, palette]), w.VBox([tempo, octave, dynamics])]), status, view])


# ---------------------------------------------------------------- lesson 02: the tension builder
#: The panel's slots; "—" leaves a slot empty.
BUILDER_SLOTS = 8
EMPTY_SLOT = "—"
DEFAULT_PLAN = ("ostinato", "pedal", "rising sequence", "crescendo", "accelerando", "drop-out", "stinger", "release")


def tension_builder_cue(slots: Sequence[str], *, bars: int = 1, tempo: float = 120) -> "Cue":  # noqa: F821
    """What the tension builder plays: the devices in its slots, in order (``"—"`` is an empty slot).

    Each device adds to what came before (see :func:`scoring.devices.build_tension`); the plan
    must last 8 to 16 bars.

    Examples
    --------
    >>> cue = tension_builder_cue(["ostinato", "—", "pedal", "rising sequence", "crescendo", "accelerando",
    ...                            "stinger", "release"])
    >>> cue.notes
    'plan: ostinato, pedal, rising sequence, crescendo, accelerando, stinger, release (1 bar per section)'
    >>> cue.tempo_text(), cue.quarter_length / 4
    ('120→150→80 BPM', Fraction(8, 1))

    Lesson: lessons/02_tension.ipynb
    """
    from .devices import build_tension

    if isinstance(slots, str):
        raise ScoringError("give the slots as a list of device names, e.g. ['ostinato', 'pedal', 'release']")
    plan = [s for s in slots if s != EMPTY_SLOT]
    if not plan:
        raise ScoringError("every slot is empty; choose a device for at least one slot")
    return build_tension(plan, bars=bars, tempo=tempo)


def tension_builder(*, plan: Sequence[str] = DEFAULT_PLAN, bars: int = 1, tempo: float = 120) -> "w.VBox":  # noqa: F821
    """The tension builder: pick and order devices over 8-16 bars and set the weights of the tension
    curve; the score, the sound, the piano roll and the curve follow every change.

    The panel prints the line of code that makes the cue, so you can paste it into a cell.

    Examples
    --------
    >>> panel = tension_builder()
    >>> len(panel.children), "build_tension" in panel.children[2].value
    (4, True)

    Lesson: lessons/02_tension.ipynb
    """
    import ipywidgets as w

    from .devices import PLAN_DEVICES
    from .tension import DEFAULT_WEIGHTS, FEATURES, tension_html

    if len(plan) > BUILDER_SLOTS:
        raise ScoringError(f"the panel has {BUILDER_SLOTS} slots; give at most {BUILDER_SLOTS} devices")
    choices = (EMPTY_SLOT,) + tuple(PLAN_DEVICES)
    filled = list(plan) + [EMPTY_SLOT] * (BUILDER_SLOTS - len(plan))
    slot_style = {"description_width": "18px"}
    slots = [w.Dropdown(options=choices, value=v, description=f"{i + 1}", style=slot_style,
                        layout=w.Layout(width="185px")) for i, v in enumerate(filled)]
    style = {"description_width": "110px"}
    bars_ = w.IntSlider(value=bars, min=1, max=2, description="bars per section", style=style)
    tempo_ = w.IntSlider(value=int(tempo), min=60, max=160, step=4, description="tempo", style=style)
    weights = {f: w.FloatSlider(value=DEFAULT_WEIGHTS[f], min=0, max=3, step=0.5, description=f"weight: {f}",
                                style=style) for f in FEATURES}
    status = w.HTML()
    view = w.HTML()

    def update(_=None):
        chosen = [s.value for s in slots if s.value != EMPTY_SLOT]
        try:
            cue = tension_builder_cue([s.value for s in slots], bars=bars_.value, tempo=tempo_.value)
            changed = {f: s.value for f, s in weights.items() if s.value != DEFAULT_WEIGHTS[f]}
            view.value = tension_html(cue, weights={f: s.value for f, s in weights.items()}).html
            code = f"build_tension({chosen!r}, bars={bars_.value}, tempo={tempo_.value})"
            extra = f" &nbsp; weights={changed!r}" if changed else ""
            status.value = f"<code>{code}</code>{extra}"
        except ScoringError as exc:
            status.value = f'<span style="color:#a4461b">{exc}</span>'

    for control in slots + [bars_, tempo_] + list(weights.values()):
        control.observe(update, names="value")
    update()
    grid = w.VBox([w.HBox(slots[:4]), w.HBox(slots[4:])])
    sliders = w.HBox([w.VBox([bars_, tempo_]), w.VBox(list(weights.values())[:3]), w.VBox(list(weights.values())[3:])])
    return _panel("Tension builder", [grid, sliders, status, view])


# ---------------------------------------------------------------- lesson 03: the motif finder
def finder_result(motif: Motif, cue: "Motif | Cue", *, threshold: float = 0.8,
                  relations: "Sequence[str] | None" = None) -> "tuple[list[Match], str]":
    """What the motif finder shows for its settings: the matches and their table.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", key="C major")
    >>> matches, text = finder_result(hero, hero + hero.invert(), relations=["prime"])
    >>> [m.transformation for m in matches]
    ['original']

    Lesson: lessons/03_leitmotif.ipynb
    """
    from .leitmotif import RELATIONS, find_motif, match_table

    chosen = tuple(RELATIONS if relations is None else relations)
    if not chosen:
        raise ScoringError("tick at least one way of reading the motif (prime, inversion, ...)")
    matches = find_motif(motif, cue, threshold=threshold, relations=chosen)
    return matches, match_table(matches)


def motif_finder(motif: Motif, cue: "Motif | Cue") -> "ipywidgets.VBox":
    """A panel to search a cue for a motif: move the similarity threshold, choose which readings
    count (prime, inversion, retrograde, retrograde inversion), and see and hear what is found.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", key="C major")
    >>> panel = motif_finder(hero, hero + hero.invert())
    >>> panel.children[3].value.count("\\n")  # the table: a head and two matches
    2

    Lesson: lessons/03_leitmotif.ipynb
    """
    import ipywidgets as w
    from matplotlib.figure import Figure

    from .audio import audio_tag
    from .display import figure_png
    from .leitmotif import RELATIONS, match_roll, melody_of

    style = {"description_width": "80px"}
    threshold = w.FloatSlider(value=0.8, min=0.4, max=1.0, step=0.05, description="threshold", style=style)
    boxes = [w.Checkbox(value=True, description=r, indent=False, layout=w.Layout(width="170px")) for r in RELATIONS]
    which = w.Dropdown(options=["(none)"], description="hear match", style=style)
    table, roll, heard = w.HTML(), w.HTML(), w.HTML()
    line = melody_of(cue)
    found: list = []

    def update(_=None):
        try:
            matches, text = finder_result(motif, cue, threshold=threshold.value,
                                          relations=[b.description for b in boxes if b.value])
        except ScoringError as exc:
            table.value = f'<span style="color:#a4461b">{exc}</span>'
            return
        found[:] = matches
        table.value = f"<pre>{text}</pre>"
        fig = Figure(figsize=(9.0, 3.0), layout="constrained")
        match_roll(cue, matches, ax=fig.add_subplot())
        roll.value = figure_png(fig)
        which.options = ["(none)"] + [f"{k + 1}: beat {m.beat:g}, {m.transformation}" for k, m in enumerate(matches)]
        which.value = "(none)"

    def hear(_=None):
        if which.value == "(none)" or not found:
            heard.value = ""
            return
        m = found[int(which.value.split(":")[0]) - 1]
        sounding = [i for i, n in enumerate(line.notes) if not n.is_rest]
        first, last = sounding[m.index], sounding[m.index + m.length - 1]
        excerpt = line.with_notes(line.notes[first:last + 1], name=m.transformation)
        heard.value = audio_tag(*excerpt.to_audio(), label=m.transformation)

    for control in [threshold] + boxes:
        control.observe(update, names="value")
    which.observe(hear, names="value")
    update()
    return _panel("Motif finder", [w.HBox([threshold, which]), w.HBox(boxes), heard, table, roll])


# ---------------------------------------------------------------- lesson 04: the arc editor
def arc_edit(arc: "Arc", number: int, steps: "Sequence[str]") -> "tuple[Arc, str]":
    """What the arc editor plays after an edit: the arc with beat ``number`` made by ``steps``
    (texts like ``"augment(2)"``), and that beat's line of :meth:`~scoring.arc.Arc.explain`.

    Examples
    --------
    >>> from scoring.arc import Arc
    >>> arc = Arc(Motif.parse("4/4 c4 e g c'2", key="C major")).then("defeat", "to_mode('minor')")
    >>> new, line = arc_edit(arc, 1, ["to_mode('minor')", "augment(2)", "with_instrument('Cello')"])
    >>> line
    "beat 1 (defeat): to_mode('minor'), augment(2), with_instrument('Cello')"

    Lesson: lessons/04_motif_evolution.ipynb
    """
    new = arc.with_beat(number, *steps)
    return new, new.explain().splitlines()[number]


def arc_editor(arc: "Arc") -> "ipywidgets.VBox":
    """The arc editor: pick a beat, stack transforms on it (or take the last one off), hear the beat
    at once, and hear and see the whole arc when you ask for it.

    Examples
    --------
    >>> from scoring.arc import Arc
    >>> panel = arc_editor(Arc(Motif.parse("4/4 c4 e g c'2", key="C major")).then("call"))
    >>> panel.children[2].value
    '<code>beat 1 (call): as written</code>'

    Lesson: lessons/04_motif_evolution.ipynb
    """
    import ipywidgets as w

    from .arc import STEPS
    from .audio import audio_tag
    from .notation import img_tag, svg

    if not len(arc):
        raise ScoringError("the arc has no beats yet; add some with .then('label', ...) before editing it")
    style = {"description_width": "70px"}
    state = {"arc": arc}
    beat = w.Dropdown(options=[(f"{k} {b.label}", k) for k, b in enumerate(arc.beats, 1)], value=1,
                      description="beat", style=style)
    method = w.Dropdown(options=STEPS, value="to_mode", description="transform", style=style)
    args = w.Text(value="'minor'", description="arguments", placeholder="e.g. 2 or 'minor'", style=style)
    add = w.Button(description="add step", button_style="primary")
    undo = w.Button(description="remove last")
    reset = w.Button(description="reset beat")
    whole = w.Button(description="hear the whole arc", button_style="info")
    line, beat_view, arc_view = w.HTML(), w.HTML(), w.HTML()

    def steps_of(k):
        return [str(s) for s in state["arc"].beats[k - 1].steps]

    def show_beat(_=None):
        k = beat.value
        b = state["arc"].beats[k - 1]
        line.value = f"<code>{state['arc'].explain().splitlines()[k]}</code>"
        beat_view.value = (img_tag(svg(b.music, width=1000), alt=f"beat {k}") + "<br>" +
                           audio_tag(*b.music.to_audio(), label=b.label))

    def edit(steps):
        try:
            state["arc"], text = arc_edit(state["arc"], beat.value, steps)
        except ScoringError as exc:
            line.value = f'<span style="color:#a4461b">{exc}</span>'
            return
        arc_view.value = ""
        show_beat()

    add.on_click(lambda _: edit(steps_of(beat.value) + [f"{method.value}({args.value})"]))
    undo.on_click(lambda _: edit(steps_of(beat.value)[:-1]))
    reset.on_click(lambda _: edit([str(s) for s in arc.beats[beat.value - 1].steps]))
    whole.on_click(lambda _: setattr(arc_view, "value", state["arc"].show().html))
    beat.observe(show_beat, names="value")
    show_beat()
    return _panel("Arc editor", [w.HBox([beat, method, args]), w.HBox([add, undo, reset, whole]), line, beat_view, arc_view])


# ---------------------------------------------------------------- lessons 06 and 07: sync panels
SUBDIVISIONS = {"beats": 1, "eighths": 2, "triplets": 3, "sixteenths": 4}


def hit_fitter_view(hits: "Sequence[float]", *, bpm_range: tuple[float, float] = (60, 180), subdivision: int = 1,
                    fps: float = 24, sound: bool = True) -> "tuple[TempoFit, str]":
    """What the hit fitter shows: the fitted tempo for ``hits`` (seconds, beat 1 at 0 s) with its
    ranking and per-hit errors, a timeline with the beat grid and streamers, the error landscape,
    and (with ``sound``) the stabs on the grid with their click and a thud on each hit.

    Returns ``(fit, html)``.

    Examples
    --------
    >>> fit, html = hit_fitter_view([0, 4.0, 9.5, 15.25], sound=False)
    >>> fit.bpm, html.count("<img")
    (165.0, 2)

    Lesson: lessons/06_sync.ipynb
    """
    from html import escape

    from matplotlib.figure import Figure

    from .display import figure_png
    from .sync import fit_plot, fit_tempo, timeline

    fit = fit_tempo(list(hits), bpm_range, fps, subdivision=subdivision)
    fig = Figure(figsize=(9.5, 2.2), layout="constrained")
    timeline(hits=list(hits), fit=fit, ax=fig.add_subplot())
    fig2 = Figure(figsize=(9.5, 2.2), layout="constrained")
    fit_plot(fit, ax=fig2.add_subplot())
    player = _fit_player(fit) if sound else ""
    html = (f"<div><b>{escape(fit.summary())}</b>{player}"
            f'<pre style="font-size:0.8em">{escape(fit.table())}\n\n{escape(fit.ranking())}</pre>'
            f"{figure_png(fig)}{figure_png(fig2)}</div>")
    return fit, html


def _fit_player(fit: "TempoFit") -> str:
    """A player: stabs on a fit's beats, its click (a bar of warning) and a thud on each hit."""
    from .audio import audio_tag
    from .sync import render_excerpt, sketch_cue

    cue = sketch_cue(fit.bpm, beats=max(fit.beats) + 3, hits=fit.beats, key="D minor", name="stabs on the grid")
    samples, sr = render_excerpt(cue, click=True, warning=4, thuds=list(fit.hits))
    return (audio_tag(samples, sr, label="stabs, click and thuds") +
            '<span style="font-size:0.85em;color:#555"> stabs on the fitted beats, the click, a thud on each hit</span>')


def hit_fitter(hits: "Sequence[float]" = (0.0, 4.0, 9.5, 15.25), *, bpm_range: tuple[float, float] = (60, 180),
               fps: float = 24) -> "ipywidgets.VBox":
    """A panel to move hit points and see at once the tempo that fits them, each hit's error in
    frames, the beat grid on a timeline, and how well every other tempo would do.

    Lesson: lessons/06_sync.ipynb
    """
    import ipywidgets as w

    style = {"description_width": "70px"}
    sliders = [w.FloatSlider(value=float(h), min=0.0, max=30.0, step=0.05, description=f"hit {i} (s)",
                             continuous_update=False, style=style, readout_format=".2f")
               for i, h in enumerate(hits, 1)]
    rng = w.IntRangeSlider(value=[int(bpm_range[0]), int(bpm_range[1])], min=40, max=240, step=1,
                           description="tempos", continuous_update=False, style=style)
    sub = w.Dropdown(options=list(SUBDIVISIONS), value="beats", description="hits on", style=style)
    hear = w.Button(description="hear it", tooltip="stabs on the fitted beats, the click, a thud on each hit")
    player = w.HTML()
    view = w.HTML()
    state = {"fit": None}

    def update(_=None):
        try:
            fit, html = hit_fitter_view([s.value for s in sliders], bpm_range=tuple(rng.value),
                                        subdivision=SUBDIVISIONS[sub.value], fps=fps, sound=False)
            state["fit"] = fit
            view.value = html
            player.value = ""
        except ScoringError as exc:
            view.value = f'<span style="color:#a4461b">{exc}</span>'

    def play(_=None):
        if state["fit"] is not None:
            player.value = _fit_player(state["fit"])

    for control in sliders + [rng, sub]:
        control.observe(update, names="value")
    hear.on_click(play)
    update()
    return _panel("Hit fitter", [w.HBox([w.VBox(sliders), w.VBox([rng, sub, hear])]), player, view])


def scene_scorer_result(spot: "SpotCue", *, pulse: Motif, melody: Motif | None = None,
                        melody_at: "Sequence[float]" = (1,), chords: "Sequence[str]" = ("i",), key: str = "D minor",
                        stab: str = "Brass Section", rank: int = 1, subdivision: int = 1, shape: bool = True,
                        thin_dialogue: bool = True, breath: float = 0.0) -> "tuple[TempoFit, Cue, Feedback]":
    """What the scene scorer plays for its settings: the ``rank``-th best tempo for the spot's hits,
    the cue sketched on it, and the capstone checker's verdict. Returns ``(fit, cue, feedback)``.

    Examples
    --------
    >>> from scoring.scene import load_scene, spot as spot_scene
    >>> cue_spot = spot_scene(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]
    >>> pulse = Motif.parse("4/4 D8 D F D G D F E", instrument="Cello")
    >>> fit, cue, feedback = scene_scorer_result(cue_spot, pulse=pulse, subdivision=2)
    >>> fit.bpm, cue.tempo
    (150.0, 150.0)

    Lesson: lessons/07_score_a_scene.ipynb
    """
    from .scene import check_score

    best = spot.fit(subdivision=subdivision)
    choices = (best,) + best.alternatives
    if not 1 <= rank <= len(choices):
        raise ScoringError(f"rank {rank}: choose 1-{len(choices)}")
    fit = choices[rank - 1]
    cue = spot.sketch(fit, pulse=pulse, melody=melody, melody_at=melody_at, chords=chords, key=key, stab=stab,
                      breath=breath, thin_dialogue=thin_dialogue, shape=shape)
    return fit, cue, check_score(spot.with_music(cue), spot.scene)


def scene_scorer(spot: "SpotCue", *, pulse: Motif, melody: Motif | None = None, melody_at: "Sequence[float]" = (1,),
                 chords: "Sequence[str]" = ("i",), key: str = "D minor", stab: str = "Brass Section") -> "ipywidgets.VBox":
    """A panel to score a spotted cue: pick the tempo (best fits first), the hit subdivision,
    whether the music follows the scene's tension, yields to dialogue and breathes before the
    climax; see the timeline, read the checker, hear 8 seconds around any hit with the click.

    Lesson: lessons/07_score_a_scene.ipynb
    """
    import ipywidgets as w

    from matplotlib.figure import Figure

    from .audio import audio_tag
    from .display import figure_png
    from .scene import Spotting
    from .sync import render_excerpt, timeline

    style = {"description_width": "90px"}
    sub = w.Dropdown(options=list(SUBDIVISIONS)[:2], value="beats", description="hits on", style=style)
    rank = w.Dropdown(description="tempo", style=style)
    shape = w.Checkbox(value=True, description="follow the scene's tension")
    thin = w.Checkbox(value=True, description="yield to dialogue")
    breath = w.IntSlider(value=0, min=0, max=4, description="breath (beats)", style=style, continuous_update=False)
    labels = {f"{h.label} ({spot.scene.tc(h.at)})": h.at for h in spot.scene.hits if spot.start <= h.at <= spot.end}
    around = w.Dropdown(options=list(labels), description="hear around", style=style)
    view = w.HTML()

    def tempos():
        best = spot.fit(subdivision=SUBDIVISIONS[sub.value])
        rank.options = [(f"{f.bpm:g} BPM (worst {f.worst:.1f} fr)", i) for i, f in
                        enumerate((best,) + best.alternatives, 1)]
        rank.value = 1

    state = {"busy": False}

    def update(_=None):
        if state["busy"]:
            return
        try:
            fit, cue, feedback = scene_scorer_result(
                spot, pulse=pulse, melody=melody, melody_at=melody_at, chords=chords, key=key, stab=stab,
                rank=rank.value or 1, subdivision=SUBDIVISIONS[sub.value], shape=shape.value,
                thin_dialogue=thin.value, breath=breath.value)
            at = labels[around.value] - spot.start
            a, b = max(0.0, at - 4.0), min(cue.duration_seconds, at + 4.0)
            samples, sr = render_excerpt(cue, start=a, end=b, click=True, thuds=[at])
            fig = Figure(figsize=(9.5, 3.2), layout="constrained")
            timeline(spot.scene, spotting=Spotting(spot.scene, (spot,)), fit=fit, music=cue, music_start=spot.start,
                     tension=True, ax=fig.add_subplot())
            view.value = (f"{feedback._repr_html_()}{audio_tag(samples, sr, label=cue.name)}"
                          f'<div style="font-family:monospace;font-size:0.85em">{cue.summary()}</div>{figure_png(fig)}')
        except ScoringError as exc:
            view.value = f'<span style="color:#a4461b">{exc}</span>'

    def resub(_=None):
        state["busy"] = True
        try:
            tempos()
        finally:
            state["busy"] = False
        update()

    tempos()
    sub.observe(resub, names="value")
    for control in (rank, shape, thin, breath, around):
        control.observe(update, names="value")
    update()
    return _panel("Scene scorer", [w.HBox([w.VBox([sub, rank, breath, around]), w.VBox([shape, thin])]), view])


# ---------------------------------------------------------------- lesson 05: the silence editor
SILENCE_ACTIONS = ("drop out", "duck", "thin")


def silence_edit(cue, *, start: float, end: float, layers: str | tuple | list = (), action: str = "drop out",
                 name: str = "cue") -> tuple:
    """What the silence editor plays: ``cue`` with one edit from ``start`` to ``end`` seconds on the
    chosen ``layers`` (none named: every layer; for ``"thin"``, every layer but the melody), and the
    code that makes it.

    ``action`` is ``"drop out"`` (the layers fall silent), ``"duck"`` (they play pp) or ``"thin"``
    (they keep one onset in two).

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'", name="Hero", tempo=60)
    >>> new, code = silence_edit(hero, start=1.0, end=3.0, name="hero")
    >>> code, [c.is_rest for c in new.layers[0].chords]
    ('drop_out(hero, 1, 3)', [False, True, False])

    Lesson: lessons/05_silence.ipynb
    """
    from . import silence

    chosen = [layers] if isinstance(layers, str) else list(layers)
    kw = f", layers={chosen!r}" if chosen else ""
    if action == "drop out":
        return silence.drop_out(cue, start, end, layers=chosen or None), f"drop_out({name}, {start:g}, {end:g}{kw})"
    if action == "duck":
        return (silence.duck_under(cue, [(start, end)], layers=chosen or None),
                f"duck_under({name}, [({start:g}, {end:g})]{kw})")
    if action == "thin":
        return (silence.thin(cue, start=start, end=end, layers=chosen or None),
                f"thin({name}, start={start:g}, end={end:g}{kw})")
    raise ScoringError(f"unknown action {action!r}; choose one of {', '.join(SILENCE_ACTIONS)}")


def silence_editor(cue, *, scene=None, name: str = "cue") -> "ipywidgets.VBox":  # noqa: F821
    """The silence editor: choose a span, the layers and what they do there (drop out, duck, thin);
    hear the cue against the scene's dialogue and watch the silence map and density curve follow.

    Lesson: lessons/05_silence.ipynb
    """
    import html

    import ipywidgets as w

    from .silence import _as_cue, covered_lines, line_label, profile_line, silence_html

    cue = _as_cue(cue)
    lines = tuple(scene.dialogue) if scene is not None else ()
    total = max(cue.duration_seconds, scene.duration if scene is not None else 0.0)
    first = (lines[0].start, lines[0].end) if lines else (total / 3, 2 * total / 3)
    style = {"description_width": "60px"}
    span = w.FloatRangeSlider(value=first, min=0.0, max=round(total, 2), step=0.25, description="span (s)",
                              continuous_update=False, readout_format=".2f", style=style,
                              layout=w.Layout(width="520px"))
    action = w.ToggleButtons(options=SILENCE_ACTIONS, value="drop out", description="action", style=style)
    boxes = [w.Checkbox(value=True, description=l.role, indent=False, layout=w.Layout(width="auto"))
             for l in cue.layers]
    code, numbers, view = w.HTML(), w.HTML(), w.HTML()

    def update(_=None):
        chosen = [b.description for b in boxes if b.value]
        if not chosen:
            code.value = '<span style="color:#a4461b">tick at least one layer</span>'
            return
        every = len(chosen) == len(boxes) and action.value != "thin"
        try:
            new, text = silence_edit(cue, start=span.value[0], end=span.value[1], layers=() if every else chosen,
                                     action=action.value, name=name)
        except ScoringError as exc:
            code.value = f'<span style="color:#a4461b">{html.escape(str(exc))}</span>'
            return
        code.value = f"<code>{html.escape(text)}</code>"
        still = [line_label(line) for line, _ in covered_lines(new, scene)] if scene is not None else []
        cover = ("<br>still covered: " + "; ".join(map(html.escape, still))) if still else \
            ("<br>every line is clear" if scene is not None else "")
        numbers.value = f'<span style="font-family:monospace">{html.escape(profile_line(new, scene=scene))}</span>{cover}'
        view.value = silence_html(new, scene=scene).html

    for control in [span, action] + boxes:
        control.observe(update, names="value")
    update()
    return _panel("Silence editor", [span, action, w.HBox([w.Label("layers:")] + boxes), code, numbers, view])
