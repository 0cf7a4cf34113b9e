"""Lessons 05, 06 and 09 show every plot as an image whose alt text is measured from what is drawn:
the kind of plot, its axes and the one thing to notice. These tests change the data and check that
the words follow it (a fixed caption would not), and that each image is a PNG ``<img>`` carrying
that text, escaped.
"""
from __future__ import annotations

import re
from html import unescape

import numpy as np
import pytest

from scoring import Motif, ScoringError, TempoMap
from scoring.electronic import Envelope
from scoring.electronic_view import (envelope_alt, envelope_image, filter_image, filter_sweep_alt, wave_alt,
                                     wave_image)
from scoring.silence_view import silence_alt, silence_image
from scoring.sync import fit_tempo
from scoring.sync_view import (click_alt, click_image, fit_image, fit_plot_alt, spectrum_alt, spectrum_image,
                               streamer_alt, streamer_image, streamers_for, timeline_alt, timeline_image)


def _alt(picture) -> str:
    """The alt text of the one ``<img>`` a picture holds (checking it is a PNG data URI)."""
    page = picture._repr_html_()
    assert page.startswith('<img src="data:image/png;base64,'), page[:60]
    found = re.findall(r'alt="([^"]*)"', page)
    assert len(found) == 1
    return unescape(found[0])


# ---------------------------------------------------------------- lesson 05
def test_silence_image_alt_follows_the_silences():
    knock = Motif.parse("4/4 c4 r r e", tempo=60, name="Knock")
    busy = Motif.parse("4/4 c8 d e f g a b c'", tempo=60, name="Busy")
    knock_alt, busy_alt = _alt(silence_image(knock)), _alt(silence_image(busy))
    assert knock_alt == str(silence_image(knock)) == silence_alt(knock)
    assert "50% silent in 1 silence, the longest 2.0 s" in knock_alt
    assert "no silence: something always sounds" in busy_alt and "busiest" in busy_alt
    assert "silence before the hit at 3 s: 2.0 s" in _alt(silence_image(knock, hits=[3.0]))


# ---------------------------------------------------------------- lesson 06
def test_fit_image_names_the_best_tempo():
    one = fit_tempo([0, 10.0], (100, 140), alternatives=0)
    other = fit_tempo([0, 4.0, 9.5, 15.25], (60, 180))
    assert _alt(fit_image(one)) == fit_plot_alt(one) and "120 BPM" in fit_plot_alt(one)
    assert "165 BPM" in _alt(fit_image(other)) and "4 hits" in _alt(fit_image(other))


def test_click_alt_counts_and_spaces_the_clicks():
    steady = click_alt(120, beats=8, warning=4)
    assert "4 warning clicks (low) from 0.0 s, the cue from 2.0 s" in steady
    assert "8 clicks on the beats, every 4th a tall downbeat (2 bars)" in steady
    assert "0.50 s apart (120 a minute)" in steady
    waltz = click_alt(90, beats=6, beats_per_bar=3)
    assert "every 3rd a tall downbeat (2 bars)" in waltz and "0.67 s apart (90 a minute)" in waltz
    stepped = click_alt(TempoMap.constant(80).step(8, 144), beats=16)
    assert "0.75 s apart (80 a minute) from 0.0 s, then 0.42 s apart (144 a minute) from 6.0 s" in stepped
    ramp = click_alt(TempoMap.constant(80).ramp(8, 16, 144), beats=28)
    assert "closing up" in ramp and "speeding up" in ramp and "(144 a minute)" in ramp
    slowing = click_alt(TempoMap.constant(144).ramp(4, 12, 80), beats=16)
    assert "spreading out" in slowing and "slowing" in slowing
    assert _alt(click_image(120, beats=8, warning=4)) == steady


def test_streamer_alt_follows_length_and_frames():
    three = streamer_alt(length=3.0, frames=7)
    assert "7 frames" in three and "over 3 s (72 frames at 24 fps)" in three
    assert "3.00, 2.50, 2.00, 1.50, 1.00 and 0.50 s before the hit" in three
    assert "over 2 s (50 frames at 25 fps)" in streamer_alt(length=2.0, fps=25, frames=3)
    assert "a green streamer" in _alt(streamer_image(colour="green", frames=4))
    with pytest.raises(ScoringError, match="2-12 pictures"):
        streamer_alt(frames=1)


def test_timeline_alt_lists_hits_and_streamers():
    fit = fit_tempo([0, 4.0, 9.5, 15.25], (60, 180))
    marks = streamers_for(fit, end=17.5, warning=4)
    alt = _alt(timeline_image(hits=[0, 4.0, 9.5, 15.25], fit=fit, streamers=marks, window=(-5, 18)))
    assert alt.startswith("timeline, seconds across: 4 hits (red lines) at 0, 4, 9.5, 15.25 s")
    assert "6 streamers" in alt and "white 12.27 to 15.27 s into beat 43" in alt and "red 14.5 to 17.5 s into end" in alt
    assert timeline_alt([0, 4.0], fit=fit) == timeline_alt([0, 4.0], fit=fit, streamers=())   # the old call still works
    bare = _alt(timeline_image(hits=[2.0], streamers=False))
    assert bare == "timeline, seconds across: 1 hit (red line) at 2 s"
    with pytest.raises(ScoringError, match="Streamer"):
        timeline_alt([1.0], streamers=["not a streamer"])


def test_spectrum_alt_says_what_the_second_clip_loses():
    rng = np.random.default_rng(1)
    t = np.arange(32000) / 16000
    full = np.sin(2 * np.pi * 110 * t) + np.sin(2 * np.pi * 1000 * t) + 0.01 * rng.standard_normal(len(t))
    thin = np.sin(2 * np.pi * 1000 * t) + 0.01 * rng.standard_normal(len(t))           # the low note taken away
    alt = spectrum_alt([("full", full), ("thin", thin)], 16000)
    low = re.search(r"thin against full: ([+-]\d+) dB below 300 Hz, ([+-]?\d+) dB 300 Hz-3 kHz", alt)
    assert low and int(low.group(1)) <= -20 and abs(int(low.group(2))) <= 1, alt
    assert "loudest around" in alt
    same = spectrum_alt([("full", full), ("again", full)], 16000)
    assert "again against full: 0 dB below 300 Hz, 0 dB 300 Hz-3 kHz, 0 dB above 3 kHz" in same
    assert _alt(spectrum_image([("full", full)], 16000)).endswith("full is loudest around 113 Hz")   # the band centre nearest 110 Hz


# ---------------------------------------------------------------- lesson 09
def test_wave_alt_is_measured_from_the_spectra():
    alt = wave_alt()
    assert "saw: every harmonic" in alt and "pulse: odd harmonics only" in alt and "sine: the fundamental alone" in alt
    assert "noise: no harmonics" in alt and "2640 Hz" in alt
    assert "(1320 Hz)" in wave_alt(frequency=110) and "at 110 Hz" in wave_alt(frequency=110)
    assert _alt(wave_image(frequency=110)) == wave_alt(frequency=110)


def test_filter_alt_follows_cutoff_and_resonance():
    flat = filter_sweep_alt([1000], resonance=0.0)
    sharp = filter_sweep_alt([1000], resonance=0.9)
    assert "no peak" in flat and "a +19 dB peak at 993 Hz" in sharp
    assert "more resonance, a taller peak" in filter_sweep_alt([1000, 1000], resonance=[0.1, 0.9])
    assert "the higher the cutoff" in filter_sweep_alt([250, 4000], resonance=0.1)
    two = _alt(filter_image(("low", [250], 0.1), ("high", [4000], 0.8)))
    assert two.startswith("2 panels side by side.\nlow: ") and "\nhigh: " in two
    with pytest.raises(ScoringError, match="one per cutoff"):
        filter_sweep_alt([250, 500], resonance=[0.1])


def test_envelope_alt_names_the_slow_and_the_fast():
    pluck, pad = Envelope(0.005, 0.3, 0.0, 0.2), Envelope(1.0, 1.0, 0.8, 2.0)
    alt = envelope_alt({"pluck": pluck, "pad": pad}, held=2.0)
    assert "pluck: full at once (0.005 s), dies away to silence over 0.3 s while held" in alt
    assert "pad: rises over 1 s, falls to 0.8 over 1 s and holds it, then 2 s of release" in alt
    assert "slowest to arrive: pad (1 s); longest to ring on: pad (2 s)" in alt
    swapped = envelope_alt({"pluck": pluck, "drone": Envelope(3.0, 1.0, 0.9, 4.0)}, held=3.0)
    assert "slowest to arrive: drone (3 s)" in swapped and "0-7 s" in swapped
    assert _alt(envelope_image({"pad": pad})) == envelope_alt({"pad": pad})


@pytest.mark.parametrize("picture", [
    lambda: silence_image(Motif.parse("4/4 c4 r r e", tempo=60, name='<b>"x"</b>')),
    lambda: envelope_image({'<i>pad</i> "q"': Envelope(1.0, 1.0, 0.8, 2.0)}),
])
def test_alt_text_is_escaped(picture):
    page = picture()._repr_html_()
    assert "<b>" not in page and "<i>" not in page and "&lt;" in page
