"""Synth sounds, seen and heard: spectrograms, waveforms, ADSR envelopes, filter sweeps, the five
oscillator shapes, and the HTML card that holds a sound's player, plot and numbers.

The numbers come from :mod:`scoring.electronic` (this module draws what it measures); the sounds
from :mod:`scoring.render.analog`. Each plot takes ``ax=None`` and returns the Axes it drew on.

Lesson: lessons/09_electronic.ipynb
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from scoring.electronic import Envelope, Patch, patch_timbre, note_sound, timbre
from scoring.errors import ScoringError
from scoring.render import checks, html
from scoring.render.analog import WAVES, lowpass_response, oscillator
from scoring.render.dsp import mono, samples as as_samples

__all__ = ["spectrogram", "waveform", "envelope_plot", "envelope_alt", "envelope_image", "filter_sweep",
           "filter_sweep_alt", "filter_image", "wave_figure", "wave_alt", "wave_image", "sound_figure",
           "sound_alt", "sound_html", "patch_html", "quick_view", "quick_patch_html", "ENVELOPE_COLOURS"]

#: Colours for several envelopes or filter curves on one plot.
ENVELOPE_COLOURS = ("#1f5fa8", "#c23a3a", "#2a8a3e", "#8a5a00", "#7a3a9a", "#555555")


def _axes(ax, figsize=(9.0, 3.0)):
    if checks.axes(ax) is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _mono(y, sample_rate: int) -> np.ndarray:
    y = as_samples(y, sample_rate)
    return mono(y)


#: the fewest samples a spectrogram reads: one analysis window of 2048 (0.05 s at 44.1 kHz)
_MIN_SAMPLES = 2048


def _sound(samples, sample_rate: int) -> np.ndarray:
    """Mono samples checked for the views: long enough for one spectrogram window, every value a
    finite number."""
    y = _mono(samples, sample_rate)
    if len(y) < _MIN_SAMPLES:
        raise ScoringError(f"the sound is {len(y)} samples long; a spectrogram needs at least {_MIN_SAMPLES} "
                           f"({_MIN_SAMPLES / sample_rate:.2f} s at {sample_rate} Hz): give a longer sound, "
                           "e.g. from .to_audio()")
    if not np.isfinite(y).all():
        raise ScoringError("the samples hold NaN or infinite values; give numbers from -1 to 1, "
                           "e.g. from .to_audio()")
    return y


def spectrogram(samples, sample_rate: int = 44100, *, ax=None, top: float = 6000.0, title: str = ""):
    """A spectrogram: time across, frequency up (Hz, linear to ``top``), loudness as colour (dB).
    A bright sound reaches high; a filter sweep draws a rising or falling edge; vibrato a wavy line.

    Examples
    --------
    >>> from scoring.render.analog import oscillator
    >>> spectrogram(oscillator("saw", 220, 0.5)).get_ylabel()
    'frequency (Hz)'

    Lesson: lessons/09_electronic.ipynb
    """
    from scipy.signal import stft

    sr = checks.whole(sample_rate, "sample_rate", "give Hz, like 44100", lo=8000, hi=96000)
    top = checks.number(top, "top", "give the highest frequency shown, 500-20000 Hz", lo=500, hi=20000)
    y = _sound(samples, sr)
    ax = _axes(ax)
    f, t, z = stft(y, fs=sr, nperseg=2048, noverlap=2048 - 512)
    keep = f <= top
    db = 20 * np.log10(np.abs(z[keep]) + 1e-9)
    db -= db.max()
    ax.imshow(np.maximum(db, -80), origin="lower", aspect="auto", cmap="magma", vmin=-80, vmax=0,
              extent=(float(t[0]), float(t[-1]), 0.0, float(f[keep][-1])), interpolation="nearest")
    ax.set(xlabel="time (s)", ylabel="frequency (Hz)", title=checks.text(title, "title", "give a short title"))
    return ax


def _colour(colour: object) -> None:
    from matplotlib.colors import is_color_like

    try:
        ok = is_color_like(colour)
    except Exception:  # noqa: BLE001 - whatever matplotlib cannot read is not a colour
        ok = False
    if not ok:
        raise ScoringError(f"colour={checks.show(colour)} is not a colour; give a name or a hex code, like '#1f5fa8'")


def waveform(samples, sample_rate: int = 44100, *, ax=None, start: float = 0.0, seconds: float | None = None,
             title: str = "", colour: str = "#1f5fa8"):
    """The waveform (amplitude against time) from ``start`` for ``seconds``: zoom to a few cycles to
    see the shape of the wave, or show all of it to see the envelope.

    Examples
    --------
    >>> from scoring.render.analog import oscillator
    >>> waveform(oscillator("pulse", 220, 0.1), seconds=0.02).get_xlabel()
    'time (ms)'

    Lesson: lessons/09_electronic.ipynb
    """
    sr = checks.whole(sample_rate, "sample_rate", "give Hz, like 44100", lo=8000, hi=96000)
    _colour(colour)
    y = _mono(samples, sr)
    start = checks.number(start, "start", "give seconds from the beginning, 0-3600", lo=0, hi=3600)
    seconds = len(y) / sr - start if seconds is None else checks.number(seconds, "seconds", "give how many seconds "
                                                                        "to show, up to 3600", lo=1e-3, hi=3600)
    a, b = int(start * sr), min(len(y), int((start + seconds) * sr))
    if b <= a:
        raise ScoringError(f"nothing to show from {start:g} s: the sound lasts {len(y) / sr:.2f} s")
    ax = _axes(ax)
    t = np.arange(a, b) / sr
    ms = seconds < 0.2
    step = max(1, (b - a) // 4000)                     # at most 4000 points: small files, same picture
    ax.plot((t * 1000 if ms else t)[::step], y[a:b:step], color=colour, lw=0.8)
    ax.set(xlabel="time (ms)" if ms else "time (s)", ylabel="amplitude", ylim=(-1.05, 1.05),
           title=checks.text(title, "title", "give a short title"))
    return ax


def envelope_plot(envelopes: Mapping[str, Envelope | Patch], *, held: float = 2.0, ax=None):
    """ADSR envelopes side by side: level (0-1) against time, the key held for ``held`` seconds
    (dotted line) then let go. Give ``{"pad": patch_or_envelope, ...}``; a patch shows its amplifier's.

    Examples
    --------
    >>> envelope_plot({"pluck": Envelope(0.005, 0.3, 0.0, 0.2), "pad": Envelope(1.0, 1.0, 0.8, 2.0)}).get_xlabel()
    'time (s)'

    Lesson: lessons/09_electronic.ipynb
    """
    checks.expect(envelopes, dict, "envelopes", "{'pad': Envelope(1, 1, 0.8, 2)}")
    held = checks.number(held, "held", "give seconds the key is held, 0.1-20", lo=0.1, hi=20)
    ax = _axes(ax)
    longest = 0.0
    for (name, env), colour in zip(envelopes.items(), ENVELOPE_COLOURS * 4):
        env = env.amp if isinstance(env, Patch) else env
        checks.expect(env, Envelope, f"envelope {name!r}", "Envelope(attack, decay, sustain, release)")
        end = held + env.release
        longest = max(longest, end)
        t = np.linspace(0, end, 600)
        ax.plot(t, env.levels(t, held=held), color=colour, lw=2,
                label=f"{name}: A {env.attack:g} D {env.decay:g} S {env.sustain:g} R {env.release:g}")
    ax.axvline(held, color="#888888", ls=":", lw=1)
    ax.text(held, 1.02, " key up", color="#555555", fontsize=8, va="bottom")
    ax.set(xlabel="time (s)", ylabel="level", ylim=(0, 1.12), xlim=(0, longest))
    ax.legend(loc="upper right", fontsize=8, frameon=False)
    return ax


def _envelopes(envelopes: Mapping[str, Envelope | Patch], who: str) -> list[tuple[str, Envelope]]:
    checks.expect(envelopes, dict, "envelopes", "{'pad': Envelope(1, 1, 0.8, 2)}")
    if not 1 <= len(envelopes) <= 24:
        raise ScoringError(f"{who}: give 1-24 envelopes, like {{'pad': Envelope(1, 1, 0.8, 2)}}")
    out = []
    for name, env in envelopes.items():
        env = env.amp if isinstance(env, Patch) else env
        checks.expect(env, Envelope, f"envelope {name!r}", "Envelope(attack, decay, sustain, release)")
        out.append((str(name), env))
    return out


def envelope_alt(envelopes: Mapping[str, Envelope | Patch], *, held: float = 2.0) -> str:
    """Alt text for :func:`envelope_plot`: its axes, each envelope's shape in words, and the slowest
    attack and the longest release, the two things that tell a pad from a pluck.

    Examples
    --------
    >>> print(envelope_alt({"pluck": Envelope(0.005, 0.3, 0.0, 0.2), "pad": Envelope(1.0, 1.0, 0.8, 2.0)}))
    line plot of 2 amplifier envelopes, level 0-1 (up) against time, 0-4 s (across), the key let go at 2 s (dotted line); pluck: full at once (0.005 s), dies away to silence over 0.3 s while held, then 0.2 s of release; pad: rises over 1 s, falls to 0.8 over 1 s and holds it, then 2 s of release; slowest to arrive: pad (1 s); longest to ring on: pad (2 s)

    Lesson: lessons/09_electronic.ipynb
    """
    envs = _envelopes(envelopes, "envelope_alt")
    held = checks.number(held, "held", "give seconds the key is held, 0.1-20", lo=0.1, hi=20)
    longest = max(held + env.release for _, env in envs)
    parts = [f"line plot of {len(envs)} amplifier envelope{'s' * (len(envs) != 1)}, level 0-1 (up) against time, "
             f"0-{longest:g} s (across), the key let go at {held:g} s (dotted line)"]
    for name, env in envs:
        rise = f"full at once ({env.attack:g} s)" if env.attack < 0.05 else f"rises over {env.attack:g} s"
        if env.sustain <= 0.01:
            fall = f"dies away to silence over {env.decay:g} s while held"
        elif env.sustain >= 0.99:
            fall = "holds full level"
        else:
            fall = f"falls to {env.sustain:g} over {env.decay:g} s and holds it"
        parts.append(f"{name}: {rise}, {fall}, then {env.release:g} s of release")
    if len(envs) > 1:
        slow = max(envs, key=lambda e: e[1].attack)
        ring = max(envs, key=lambda e: e[1].release)
        parts.append(f"slowest to arrive: {slow[0]} ({slow[1].attack:g} s); longest to ring on: {ring[0]} "
                     f"({ring[1].release:g} s)")
    return "; ".join(parts)


def envelope_image(envelopes: Mapping[str, Envelope | Patch], *, held: float = 2.0) -> html.HTML:
    """:func:`envelope_plot` as an image whose alt text (:func:`envelope_alt`) describes each envelope.

    Examples
    --------
    >>> envelope_image({"pad": Envelope(1.0, 1.0, 0.8, 2.0)})._repr_html_()[:32]
    '<img src="data:image/png;base64,'

    Lesson: lessons/09_electronic.ipynb
    """
    from matplotlib.figure import Figure

    alt = envelope_alt(envelopes, held=held)
    fig = Figure(figsize=(9.0, 3.0), layout="constrained")
    envelope_plot(envelopes, held=held, ax=fig.add_subplot())
    return html.HTML(html.figure_png(fig, alt=alt), alt)


def filter_sweep(cutoffs: Sequence[float] = (250, 500, 1000, 2000, 4000), *,
                 resonance: float | Sequence[float] = 0.3, ax=None):
    """The low-pass filter's response at several cutoffs (a sweep, frozen): gain in dB against
    frequency (log scale). Below each cutoff the sound passes; above it falls 12 dB per octave;
    resonance makes the bump at the cutoff. ``resonance`` is one value, or one per cutoff.

    Examples
    --------
    >>> filter_sweep([500, 2000], resonance=0.8).get_xscale()
    'log'

    Lesson: lessons/09_electronic.ipynb
    """
    sweep = _sweep(cutoffs, resonance)
    ax = _axes(ax)
    f = np.geomspace(30, 18000, 500)
    for (fc, res, each), colour in zip(sweep, ENVELOPE_COLOURS * 2):
        label = f"cutoff {fc:g} Hz" + (f", resonance {res:g}" if each else "")
        ax.semilogx(f, lowpass_response(fc, res, f), color=colour, lw=2, label=label)
    ax.set(xlabel="frequency (Hz)", ylabel="gain (dB)", ylim=(-48, 24))
    ax.axhline(0, color="#888888", lw=0.8)
    ax.legend(loc="lower left", fontsize=8, frameon=False)
    return ax


def _sweep(cutoffs, resonance) -> list[tuple[float, float, bool]]:
    """(cutoff, resonance, one resonance per cutoff) for a filter sweep, checked."""
    cutoffs = checks.items(cutoffs, "cutoffs", "give cutoffs in Hz, like [250, 1000, 4000]", most=12)
    each = isinstance(resonance, (list, tuple, np.ndarray))
    resonances = checks.items(resonance, "resonance", "give one per cutoff", most=12) if each else \
        [resonance] * len(cutoffs)
    if len(resonances) != len(cutoffs):
        raise ScoringError(f"{len(cutoffs)} cutoffs but {len(resonances)} resonances; give one per cutoff")
    return [(checks.number(fc, "cutoff", "give Hz, 30-18000", lo=30, hi=18000),
             checks.number(r, "resonance", "give 0-1, like 0.3", lo=0, hi=1), each)
            for fc, r in zip(cutoffs, resonances)]


def filter_sweep_alt(cutoffs: Sequence[float] = (250, 500, 1000, 2000, 4000), *,
                     resonance: float | Sequence[float] = 0.3) -> str:
    """Alt text for :func:`filter_sweep`: its axes, and for each curve the peak at its cutoff (the
    resonance) and how far it has fallen an octave above.

    Examples
    --------
    >>> print(filter_sweep_alt([1000, 1000], resonance=[0.0, 0.9]).replace("; ", ";\\n"))
    line plot of a low-pass filter's gain in dB (up, 0 dB = unchanged) against frequency in Hz (across, log scale, 30 Hz-18 kHz), one curve per setting;
    cutoff 1000 Hz, resonance 0: no peak, -13 dB an octave above;
    cutoff 1000 Hz, resonance 0.9: a +19 dB peak at 993 Hz, -10 dB an octave above;
    to notice: more resonance, a taller peak at the cutoff

    Lesson: lessons/09_electronic.ipynb
    """
    sweep = _sweep(cutoffs, resonance)
    f = np.geomspace(30, 18000, 500)
    parts = ["line plot of a low-pass filter's gain in dB (up, 0 dB = unchanged) against frequency in Hz (across, "
             "log scale, 30 Hz-18 kHz), one curve per setting"]
    for fc, res, each in sweep:
        g = lowpass_response(fc, res, f)
        k = int(np.argmax(g))
        peak = f"a +{g[k]:.0f} dB peak at {f[k]:.0f} Hz" if g[k] >= 1 else "no peak"
        above = (f", {float(lowpass_response(fc, res, np.array([2 * fc]))[0]):.0f} dB an octave above"
                 if 2 * fc <= 18000 else "")
        parts.append(f"cutoff {fc:g} Hz" + (f", resonance {res:g}" if each else "") + f": {peak}{above}")
    fcs, rs = {fc for fc, _, _ in sweep}, {r for _, r, _ in sweep}
    if len(fcs) > 1 and len(rs) == 1:
        parts.append("to notice: the higher the cutoff, the more of the spectrum passes before the slope")
    elif len(rs) > 1 and len(fcs) == 1:
        parts.append("to notice: more resonance, a taller peak at the cutoff")
    return "; ".join(parts)


def filter_image(*sweeps: tuple[str, Sequence[float], float | Sequence[float]]) -> html.HTML:
    """Filter sweeps side by side, one panel per ``(title, cutoffs, resonance)``, as one image whose
    alt text describes each panel (:func:`filter_sweep_alt`).

    Examples
    --------
    >>> picture = filter_image(("three cutoffs", [250, 1000, 4000], 0.1), ("resonance", [1000, 1000], [0.0, 0.9]))
    >>> str(picture).splitlines()[0]
    '2 panels side by side.'

    Lesson: lessons/09_electronic.ipynb
    """
    from matplotlib.figure import Figure

    if not 1 <= len(sweeps) <= 4 or not all(isinstance(p, tuple) and len(p) == 3 for p in sweeps):
        raise ScoringError("filter_image: give 1-4 panels, each (title, cutoffs, resonance), like "
                           "('three cutoffs', [250, 1000, 4000], 0.1)")
    titles = [checks.text(t, "title", "give a short title for the panel", most=200) for t, _, _ in sweeps]
    lines = [f"{len(sweeps)} panel{'s' * (len(sweeps) != 1)} side by side."] if len(sweeps) > 1 else []
    lines += [f"{title}: {filter_sweep_alt(c, resonance=r)}" for title, (_, c, r) in zip(titles, sweeps)]
    alt = "\n".join(lines)
    fig = Figure(figsize=(5.0 * len(sweeps), 3.0), layout="constrained")
    for ax, title, (_, c, r) in zip(fig.subplots(1, len(sweeps), squeeze=False)[0], titles, sweeps):
        filter_sweep(c, resonance=r, ax=ax).set_title(title)
    return html.HTML(html.figure_png(fig, alt=alt), alt)


def wave_figure(*, frequency: float = 220.0):
    """The five oscillator shapes: each one's waveform (two cycles) above its spectrum (the
    harmonics, in dB). The saw has every harmonic, the square the odd ones, the triangle odd ones
    falling fast, the sine one, noise all of them.

    Examples
    --------
    >>> len(wave_figure().axes)
    10

    Lesson: lessons/09_electronic.ipynb
    """
    import matplotlib.pyplot as plt

    f0 = checks.number(frequency, "frequency", "give Hz, 50-1000", lo=50, hi=1000)
    fig, axes = plt.subplots(2, len(WAVES), figsize=(11.0, 3.6), layout="constrained")
    sr = 44100
    for k, shape in enumerate(WAVES):
        y = oscillator(shape, f0, 0.5, sample_rate=sr)
        a = int(0.2 * sr)
        n = int(2 * sr / f0)
        axes[0, k].plot(np.arange(n) / sr * 1000, y[a:a + n], color=ENVELOPE_COLOURS[k], lw=1)
        axes[0, k].set(title=shape, ylim=(-1.3, 1.3), xticks=[], yticks=[])
        spec = np.abs(np.fft.rfft(y * np.hanning(len(y))))
        freqs = np.fft.rfftfreq(len(y), 1 / sr)
        keep = freqs <= 12 * f0
        db = 20 * np.log10(spec[keep] / spec.max() + 1e-9)
        axes[1, k].plot(freqs[keep], db, color=ENVELOPE_COLOURS[k], lw=0.8)
        axes[1, k].set(ylim=(-70, 3), xlabel="Hz", yticks=[-60, -30, 0] if k == 0 else [])
    axes[1, 0].set_ylabel("dB")
    return fig


def _harmonics(shape: str, f0: float, sr: int = 44100, count: int = 12) -> tuple[list[float], float]:
    """The levels (dB against the loudest) of a shape's first ``count`` harmonics, as :func:`wave_figure`
    measures them, and the level of what lies between them (noise fills the gaps; the others do not)."""
    y = oscillator(shape, f0, 0.5, sample_rate=sr)
    spec = np.abs(np.fft.rfft(y * np.hanning(len(y))))
    freqs = np.fft.rfftfreq(len(y), 1 / sr)
    top = spec.max() or 1.0
    levels = [float(20 * np.log10(spec[(freqs > (n - 0.25) * f0) & (freqs < (n + 0.25) * f0)].max() / top + 1e-12))
              for n in range(1, count + 1)]
    gaps = np.zeros(len(freqs), dtype=bool)
    for n in range(1, count):
        gaps |= (freqs > (n + 0.3) * f0) & (freqs < (n + 0.7) * f0)
    return levels, float(20 * np.log10(np.median(spec[gaps]) / top + 1e-12))


def wave_alt(*, frequency: float = 220.0) -> str:
    """The alt text of :func:`wave_figure`, measured from the shapes' spectra: which harmonics each
    has (within 60 dB of the loudest) and how loud the highest drawn one is.

    Examples
    --------
    >>> print(wave_alt().replace("; ", ";\\n"))
    Five oscillator shapes at 220 Hz, each waveform (two cycles) above its spectrum in dB up to the 12th harmonic (2640 Hz);
    saw: every harmonic, the 12th at -22 dB;
    pulse: odd harmonics only (1, 3, 5 ...), the 11th at -21 dB;
    triangle: odd harmonics only (1, 3, 5 ...), the 11th at -42 dB;
    sine: the fundamental alone;
    noise: no harmonics, energy at every frequency, between the lines too (-12 dB)

    Lesson: lessons/09_electronic.ipynb
    """
    f0 = checks.number(frequency, "frequency", "give Hz, 50-1000", lo=50, hi=1000)
    count = {3: "Three", 4: "Four", 5: "Five", 6: "Six"}.get(len(WAVES), str(len(WAVES)))
    parts = [f"{count} oscillator shapes at {f0:g} Hz, each waveform (two cycles) above its spectrum in dB up to the "
             f"12th harmonic ({12 * f0:g} Hz)"]
    for shape in WAVES:
        levels, between = _harmonics(shape, f0)
        present = [n for n, level in enumerate(levels, 1) if level > -60]
        if between > -40:
            parts.append(f"{shape}: no harmonics, energy at every frequency, between the lines too ({between:.0f} dB)")
        elif present == [1]:
            parts.append(f"{shape}: the fundamental alone")
        else:
            kind = ("every harmonic" if len(present) == len(levels) else
                    "odd harmonics only (1, 3, 5 ...)" if all(n % 2 for n in present) else
                    f"harmonics {', '.join(map(str, present))}")
            last = present[-1]
            nth = {1: "1st", 2: "2nd", 3: "3rd"}.get(last, f"{last}th")
            parts.append(f"{shape}: {kind}, the {nth} at {levels[last - 1]:.0f} dB")
    return "; ".join(parts)


def wave_image(*, frequency: float = 220.0) -> html.HTML:
    """:func:`wave_figure` as an image whose alt text (:func:`wave_alt`) says which harmonics each shape has.

    Examples
    --------
    >>> wave_image()._repr_html_()[:32]
    '<img src="data:image/png;base64,'

    Lesson: lessons/09_electronic.ipynb
    """
    alt = wave_alt(frequency=frequency)
    return html.HTML(html.figure_png(wave_figure(frequency=frequency), alt=alt), alt)


def sound_figure(samples, sample_rate: int = 44100, *, title: str = "", top: float = 6000.0, zoom: float = 0.02):
    """One sound, three views: the whole waveform (its envelope), a zoom of ``zoom`` seconds into the
    held part (the wave's shape) and the spectrogram.

    Examples
    --------
    >>> len(sound_figure(oscillator("saw", 110, 1.0)).axes)
    3

    Lesson: lessons/09_electronic.ipynb
    """
    import matplotlib.pyplot as plt

    sr = checks.whole(sample_rate, "sample_rate", "give Hz, like 44100", lo=8000, hi=96000)
    y = _sound(samples, sr)
    zoom = checks.number(zoom, "zoom", "give the seconds the zoom shows, 0.002-0.2", lo=0.002, hi=0.2)
    fig = plt.figure(figsize=(10.0, 3.0), layout="constrained")
    grid = fig.add_gridspec(1, 3, width_ratios=[1.2, 0.8, 1.6])
    whole_ax, zoom_ax, spec_ax = (fig.add_subplot(grid[0, i]) for i in range(3))
    waveform(y, sr, ax=whole_ax, title="waveform")
    peak = int(np.argmax(np.abs(y)))
    at = max(0.0, min(peak / sr, len(y) / sr - zoom))
    waveform(y, sr, ax=zoom_ax, start=at, seconds=zoom, title=f"{zoom * 1000:g} ms at {at:.2f} s", colour="#c23a3a")
    spectrogram(y, sr, ax=spec_ax, top=top, title="spectrogram")
    if title:
        fig.suptitle(checks.text(title, "title", "give a short title"), fontsize=10)
    return fig


def sound_alt(samples, sample_rate: int = 44100, *, title: str = "sound", held: float | None = None) -> str:
    """The alt text of :func:`sound_figure`: what is shown and the sound's numbers.

    Examples
    --------
    >>> sound_alt(oscillator("sine", 220, 1.0), title="a sine")[:46]
    'a sine: waveform, a zoom of its shape and a sp'

    Lesson: lessons/09_electronic.ipynb
    """
    y = _mono(samples, sample_rate)
    t = timbre(y, sample_rate, held=held)
    return (f"{title}: waveform, a zoom of its shape and a spectrogram (time across, frequency up to 6 kHz, "
            f"loudness as colour); {t}")


def sound_html(samples, sample_rate: int = 44100, *, title: str, note: str = "", held: float | None = None,
               top: float = 6000.0, summary: str | None = None) -> html.HTML:
    """A card for a sound: title, a player, its brightness, attack and movement (or ``summary``), and
    the three views of :func:`sound_figure`.

    Examples
    --------
    >>> "<audio" in sound_html(oscillator("saw", 110, 0.5), title="a saw").html
    True

    Lesson: lessons/09_electronic.ipynb
    """
    title = checks.text(title, "title", "give a short title, like 'warm pad'", most=200)
    note = checks.text(note, "note", "give a line saying what plays, or leave it out")
    if summary is not None:
        summary = checks.text(summary, "summary", "give a line of text, or leave it out")
    sr = checks.whole(sample_rate, "sample_rate", "give Hz, like 44100", lo=8000, hi=96000)
    _sound(samples, sr)
    top = checks.number(top, "top", "give the highest frequency shown, 500-20000 Hz", lo=500, hi=20000)
    y = as_samples(samples, sample_rate)
    fig = sound_figure(y, sample_rate, title="", top=top)
    summary = str(timbre(y, sample_rate, held=held)) if summary is None else summary
    return html.HTML(html.card(title, note=note, player=html.audio_tag(y, sample_rate, label=f"{title}: {note}" if note
                                                                         else title),
                               summary=summary,
                               extra=html.figure_png(fig, dpi=60, alt=sound_alt(y, sample_rate, title=title, held=held))))


def patch_html(instrument: str | Patch, *, pitch: int = 57, seconds: float = 2.0, note: str = "") -> html.HTML:
    """A card for a patch (or a General MIDI instrument): one held note, heard and seen, with its
    numbers (measured dry, as :func:`scoring.electronic.patch_timbre` does).

    Examples
    --------
    >>> "<audio" in patch_html("synth bass", seconds=0.5).html
    True

    Lesson: lessons/09_electronic.ipynb
    """
    seconds = checks.number(seconds, "seconds", "give how long the note is held, like 2.0")
    note = checks.text(note, "note", "give a line saying what plays, or leave it out")
    y, sr = note_sound(instrument, pitch=pitch, seconds=seconds)
    name = str(instrument)
    held = f"one note (MIDI {pitch}) held {seconds:g} s on {name}"
    numbers = patch_timbre(instrument, pitch=pitch, seconds=seconds)
    return sound_html(y, sr, title=name, note=note or held, held=seconds, summary=f"{numbers} (measured dry)")


def _palette() -> list[int]:
    """The quick view's 256 colours: matplotlib's magma in 254 steps (the spectrogram's loudness),
    then white (the background) and the waveform's blue, as a flat RGB list for a PNG palette."""
    global _PALETTE
    if _PALETTE is None:
        from matplotlib import colormaps

        magma = (colormaps["magma"](np.arange(254) / 254)[:, :3] * 255).astype(np.uint8)
        _PALETTE = magma.ravel().tolist() + [255, 255, 255] + [30, 94, 168]
    return _PALETTE


_PALETTE = None
_WHITE, _BLUE = 254, 255          # their places in the palette


def quick_view(samples, sample_rate: int = 44100, *, width: int = 600, top: float = 6000.0, numbers: str = "") -> str:
    """A fast picture for a panel: the waveform (its peaks per pixel column) above the spectrogram
    (0 to ``top`` Hz), drawn straight into pixels with no axes, as an ``<img>`` whose alt text says so
    (and adds ``numbers``, the sound's measures, if given). It takes a few milliseconds where a full
    figure takes a second, so a panel can follow every change.

    Examples
    --------
    >>> quick_view(oscillator("saw", 220, 0.5))[:32]
    '<img src="data:image/png;base64,'

    Lesson: lessons/09_electronic.ipynb
    """
    import io

    from PIL import Image
    from scipy.fft import rfft
    from scipy.signal import get_window

    sr = checks.whole(sample_rate, "sample_rate", "give Hz, like 44100", lo=8000, hi=96000)
    width = checks.whole(width, "width", "give pixels, 200-1600", lo=200, hi=1600)
    top = checks.number(top, "top", "give the highest frequency shown, 500-20000 Hz", lo=500, hi=20000)
    numbers = checks.text(numbers, "numbers", "give the sound's measures as a line of text, or leave it out",
                          most=2000)
    y = _mono(samples, sr).astype(np.float32)
    wave_h, spec_h = 70, 130
    per = max(1, len(y) // width)
    cols = np.resize(y, width * per).reshape(width, per) / max(float(np.abs(y).max()), 1e-9)   # peak at full height
    lo, hi = cols.min(axis=1), cols.max(axis=1)
    rows = np.linspace(1, -1, wave_h)[:, None]
    wave = np.where((rows >= lo[None, :] - 0.01) & (rows <= hi[None, :] + 0.01), _BLUE, _WHITE).astype(np.uint8)
    # The spectrogram of scipy.signal.stft (Hann window of 1024, hop 256, half a window of silence
    # either side), but only the frames a pixel column shows are transformed.
    nper, hop = 1024, 256
    padded = np.concatenate([np.zeros(nper // 2, np.float32), y,
                             np.zeros(nper // 2 + (-(len(y) + nper) % hop) % nper, np.float32)])
    frames = 1 + (len(padded) - nper) // hop
    xi = np.linspace(0, frames - 1, width).round().astype(int)
    win = get_window("hann", nper).astype(np.float32)
    shown = np.lib.stride_tricks.sliding_window_view(padded, nper)[xi * hop] * win
    keep = np.fft.rfftfreq(nper, 1 / sr) <= top
    db = 20 * np.log10(np.abs(rfft(shown, axis=1)[:, keep].T) / win.sum() + 1e-9)
    db = np.clip((db - db.max() + 80) / 80, 0, 1)
    yi = np.linspace(db.shape[0] - 1, 0, spec_h).round().astype(int)
    spec = np.minimum((db[yi] * 254).astype(np.uint8), 253)             # a magma colour per loudness
    image = Image.fromarray(np.concatenate([wave, np.full((4, width), _WHITE, np.uint8), spec]))
    image.putpalette(_palette())                                        # the bytes become colour numbers
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=1)   # a byte a pixel: fast
    seconds = len(y) / sr
    alt = (f"waveform (top, {seconds:.1f} s, peaks per column, scaled to its loudest) and spectrogram (below, "
           f"0-{top / 1000:g} kHz, loudness as colour) of the sound" + (f"; {numbers}" if numbers else ""))
    return html.png_img(buf.getvalue(), alt=alt)


def quick_patch_html(instrument: str | Patch, *, pitch: int = 57, seconds: float = 1.5) -> str:
    """What the patch designer shows after each change: the player (one held note, with its delay and
    room), the fast picture, and the numbers measured dry (as the exercise's checker measures them).

    Examples
    --------
    >>> "<audio" in quick_patch_html("synth bass", seconds=0.5)
    True

    Lesson: lessons/09_electronic.ipynb
    """
    y, sr = note_sound(instrument, pitch=pitch, seconds=seconds)
    numbers = patch_timbre(instrument, pitch=pitch, seconds=seconds)
    label = f"one note (MIDI {pitch}) held {seconds:g} s on {instrument}"
    return (html.audio_tag(y, sr, label=label) + "<br>" + quick_view(y, sr, numbers=str(numbers))
            + f'<div style="font-family:monospace;font-size:0.9em">{html.escape(str(numbers))} (measured dry)</div>')
