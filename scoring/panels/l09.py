"""Lesson 09's panel: the patch designer (oscillator, filter cutoff and resonance, envelope, LFO);
the sound, its spectrogram and waveform, its numbers and the code that makes it follow each change.

Lesson: lessons/09_electronic.ipynb
"""
from __future__ import annotations

import time

from scoring.electronic import PRESETS, WAVES, Envelope, Patch, patch
from scoring.electronic_view import quick_patch_html
from scoring.errors import ScoringError
from scoring.panels.controls import answer, error_html, panel_box
from scoring.render.html import escape
from scoring.render.checks import number, whole

__all__ = ["LFO_TARGETS", "design_patch", "patch_designer"]

#: Where the patch designer's LFO goes, and the Patch setting each one sets (its depth's unit).
LFO_TARGETS = {"off": None, "cutoff": "lfo_cutoff", "pitch": "vibrato", "level": "tremolo"}
_DEPTH = {"lfo_cutoff": 2.0, "vibrato": 50.0, "tremolo": 1.0}   # a depth of 1 on the slider means this much


def design_patch(*, wave: str = "saw", cutoff: float = 1200.0, resonance: float = 0.2, attack: float = 0.01,
                 release: float = 0.5, lfo: str = "off", lfo_rate: float = 0.5, depth: float = 0.3,
                 voices: int = 1, detune: float = 0.0, start: str | Patch = "warm pad",
                 name: str = "my patch") -> tuple[Patch, str]:
    """What the patch designer plays: ``start`` (a preset or patch) with the panel's settings, and the
    code that makes it. ``lfo`` is one of :data:`LFO_TARGETS`; ``depth`` (0-1) scales it (1 = two
    octaves of cutoff, 50 cents of pitch, or the whole level).

    Examples
    --------
    >>> p, code = design_patch(wave="triangle", cutoff=600, attack=0.8, lfo="cutoff", depth=0.25)
    >>> p.wave, p.lfo_cutoff, p.amp.attack
    ('triangle', 0.5, 0.8)
    >>> code
    "my_patch = patch('warm pad', wave='triangle', cutoff=600, resonance=0.2, amp=Envelope(0.8, 1.5, 0.85, 0.5), lfo_rate=0.5, vibrato=0, lfo_cutoff=0.5, tremolo=0, voices=1, detune=0)"

    Lesson: lessons/09_electronic.ipynb
    """
    if not isinstance(lfo, str) or lfo not in LFO_TARGETS:
        raise ScoringError(f"unknown LFO target {lfo!r}; choose one of {', '.join(LFO_TARGETS)}")
    base = patch(start)
    cutoff, resonance, lfo_rate, depth, detune = (
        number(v, what, f"give the panel's {what}", lo=0) for v, what in
        ((cutoff, "cutoff"), (resonance, "resonance"), (lfo_rate, "lfo_rate"), (depth, "depth"), (detune, "detune")))
    voices = whole(voices, "voices", "give 1-8 unison voices", lo=1, hi=8)
    amp = Envelope(attack, base.amp.decay, base.amp.sustain, release)
    mods = {"vibrato": 0.0, "lfo_cutoff": 0.0, "tremolo": 0.0}
    if LFO_TARGETS[lfo]:
        key = LFO_TARGETS[lfo]
        mods[key] = round(min(1.0, max(0.0, float(depth))) * _DEPTH[key], 3)
    settings = dict(wave=wave, cutoff=round(float(cutoff)), resonance=round(float(resonance), 2), amp=amp,
                    lfo_rate=round(float(lfo_rate), 2), **mods, voices=int(voices), detune=round(float(detune), 1))
    made = base.replace(name=name, **settings)
    shown = ", ".join(f"amp=Envelope({v.attack:g}, {v.decay:g}, {v.sustain:g}, {v.release:g})"
                      if isinstance(v, Envelope) else (f"{k}={v!r}" if isinstance(v, str) else f"{k}={v:g}")
                      for k, v in settings.items())
    var = "".join(ch if ch.isalnum() else "_" for ch in name).strip("_") or "my_patch"
    start_text = repr(start) if isinstance(start, str) else (repr(start.name) if start.name in PRESETS else "start")
    return made, f"{var} = patch({start_text}, {shown})"


def patch_designer(start: str | Patch = "warm pad", *, pitch: int = 57, seconds: float = 1.5,
                   name: str = "my patch") -> "ipywidgets.VBox":  # noqa: F821
    """The patch designer: choose the oscillator, the filter's cutoff and resonance, the envelope's
    attack and release, an LFO (where it goes, how fast, how deep) and unison; hear one held note,
    see its spectrogram and waveform, read its brightness, attack and movement and the code.

    Lesson: lessons/09_electronic.ipynb
    """
    import ipywidgets as w

    base = patch(start)
    style = {"description_width": "80px"}
    wide = w.Layout(width="340px")
    wave = w.Dropdown(options=WAVES, value=base.wave, description="oscillator", style=style)
    cutoff = w.FloatLogSlider(value=base.cutoff, base=10, min=1.7, max=4.2, step=0.02, description="cutoff (Hz)",
                              continuous_update=False, readout_format=".0f", style=style, layout=wide)
    resonance = w.FloatSlider(value=base.resonance, min=0, max=1, step=0.05, description="resonance",
                              continuous_update=False, style=style, layout=wide)
    attack = w.FloatSlider(value=base.amp.attack, min=0.001, max=3, step=0.01, description="attack (s)",
                           continuous_update=False, style=style, layout=wide)
    release = w.FloatSlider(value=base.amp.release, min=0.05, max=4, step=0.05, description="release (s)",
                            continuous_update=False, style=style, layout=wide)
    lfo = w.ToggleButtons(options=list(LFO_TARGETS), value="off", description="LFO to", style=style)
    rate = w.FloatLogSlider(value=0.5, base=10, min=-1.5, max=1.2, step=0.05, description="LFO rate (Hz)",
                            continuous_update=False, readout_format=".2f", style=style, layout=wide)
    depth = w.FloatSlider(value=0.3, min=0, max=1, step=0.05, description="LFO depth", continuous_update=False,
                          style=style, layout=wide)
    voices = w.IntSlider(value=base.voices, min=1, max=6, description="unison", continuous_update=False,
                         style=style, layout=wide)
    detune = w.FloatSlider(value=base.detune, min=0, max=30, step=1, description="detune (¢)",
                           continuous_update=False, style=style, layout=wide)
    code, view, took = w.HTML(), w.HTML(), w.HTML()
    controls = [wave, cutoff, resonance, attack, release, lfo, rate, depth, voices, detune]

    def update(_=None):
        began = time.perf_counter()
        try:
            made, text = design_patch(wave=wave.value, cutoff=cutoff.value, resonance=resonance.value,
                                      attack=attack.value, release=release.value, lfo=lfo.value, lfo_rate=rate.value,
                                      depth=depth.value, voices=voices.value, detune=detune.value, start=base,
                                      name=name)
            view.value = quick_patch_html(made, pitch=pitch, seconds=seconds)
        except ScoringError as exc:
            code.value = error_html(escape(str(exc)))
            return
        code.value = f"<code>{escape(text)}</code>"
        took.value = f'<span style="color:#595959;font-size:0.8em">updated in {1000 * (time.perf_counter() - began):.0f} ms</span>'

    for control in controls:
        control.observe(answer(update), names="value")
    update()
    left = w.VBox([wave, cutoff, resonance, attack, release])
    right = w.VBox([lfo, rate, depth, voices, detune])
    return panel_box("Patch designer", [w.HBox([left, right]), code, view, took])
