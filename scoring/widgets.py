"""The interactive panels the lessons use (ipywidgets).

Each panel is built from a pure function (settings in, motif and code out) that the tests
check, plus a thin layer of controls that calls it.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

from dataclasses import dataclass

from .errors import ScoringError
from .model import Motif
from .pitch import BRIGHTNESS

TRANSFORMS = ("original", "invert", "retrograde", "retrograde inversion", "augment", "diminish")
INSTRUMENTS = ("keep", "Acoustic Grand Piano", "French Horn", "Cello", "Violin", "Flute", "Oboe",
               "Clarinet", "Trumpet", "String Ensemble 1", "Celesta", "Pad 2 (warm)", "Lead 2 (sawtooth)")
MODE_CHOICES = ("keep", "major", "minor") + BRIGHTNESS


@dataclass(frozen=True)
class ExplorerSettings:
    """What the motif explorer's controls say."""

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
    m, code = motif, motif.name.replace(" ", "_") or "motif"
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
    return w.VBox([controls, code, view])


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
    return w.VBox([w.HBox([w.VBox([mode, harmony, palette]), w.VBox([tempo, octave, dynamics])]), status, view])


# ---------------------------------------------------------------- lesson 02: the tension builder
#: The panel's slots; "—" leaves a slot empty.
BUILDER_SLOTS = 8
EMPTY_SLOT = "—"
DEFAULT_PLAN = ("ostinato", "pedal", "rising sequence", "crescendo", "accelerando", "drop-out", "stinger", "release")


def tension_builder_cue(slots, *, bars: int = 1, tempo: float = 120):
    """What the tension builder plays: the devices in its slots, in order (``"—"`` is an empty slot).

    Each device adds to what came before (see :func:`scoring.devices.build_tension`); the plan
    must last 8 to 16 bars.

    Examples
    --------
    >>> cue = tension_builder_cue(["ostinato", "—", "pedal", "crescendo", "—", "accelerando", "stinger", "release"])
    >>> cue.notes, cue.tempo_text()
    ('plan: ostinato, pedal, crescendo, accelerando, stinger, release (1 bar per section)', '120→150→80 BPM')

    Lesson: lessons/02_tension.ipynb
    """
    from .devices import build_tension

    if isinstance(slots, str):
        raise ScoringError("give the slots as a list of device names, e.g. ['ostinato', 'pedal', 'release']")
    plan = [s for s in slots if s != EMPTY_SLOT]
    if not plan:
        raise ScoringError("every slot is empty; choose a device for at least one slot")
    return build_tension(plan, bars=bars, tempo=tempo)


def tension_builder(*, plan=DEFAULT_PLAN, bars: int = 1, tempo: float = 120):
    """The tension builder: pick and order devices over 8-16 bars and set the weights of the tension
    curve; the score, the sound, the piano roll and the curve follow every change.

    The panel prints the line of code that makes the cue, so you can paste it into a cell.

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
    return w.VBox([grid, sliders, status, view])
