"""The lessons' media come out in the same bytes on every x86-64-v3 processor: no BLAS in the sound
(its kernels, picked by processor, sum in different orders), and x264 held to one instruction set."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from scoring.render.analog import _at_rest, _lowpass_coefficients, _q
from scoring.render.processor import processor_level
from scoring.render.versions import media_versions

#: Sound and picture through every path that used BLAS or x264's own choice of instructions.
_MAKE = r"""
import hashlib, numpy as np
from scoring.render.analog import PRESETS, render_patch
from scoring.render.voice import murmur
from scoring.render.picture import Animatic, Prop, Shot, Subtitle, render_video
from scoring.electronic import _wander
from scoring.click import radio
h = hashlib.sha256()
h.update(radio(0.3 * np.sin(np.arange(44100) * 0.07) + 0.2 * np.sin(np.arange(44100) * 0.9), 44100).tobytes())
h.update(murmur("Where were you last night?", 2.0).tobytes())
for name in ("warm pad", "cold drone"):
    h.update(render_patch([(0.0, 1.5, 48, 90), (0.5, 2.0, 55, 80)], PRESETS[name])[0].tobytes())
x = np.linspace(0, 1, 400)
h.update(np.float64(_wander(np.sin(40 * x) + 3 * x, x)).tobytes())
a = Animatic(shots=(Shot(0, 1.0, "EXT. ROAD - DAY", (Prop("car", 0.1, 0.8, 0.9, 0.8, size=0.3),)),),
             subtitles=(Subtitle(0.2, 0.8, "ANA", "Hi."),))
h.update(render_video(a, audio=0.3 * np.sin(np.arange(44100) / 9)))
print(h.hexdigest())
"""


def _made(**env) -> str:
    run = subprocess.run([sys.executable, "-c", _MAKE], capture_output=True, text=True, timeout=240,
                         env={**os.environ, **env})
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout.strip()


@pytest.mark.skipif(processor_level() != "x86-64-v3", reason="the byte-for-byte promise is for x86-64-v3 processors")
def test_sound_and_picture_are_the_same_bytes_whichever_blas_kernel_runs():
    # OpenBLAS's Haswell kernel is what a processor without AVX-512 runs; this machine's own may differ
    assert _made(OPENBLAS_CORETYPE="Haswell") == _made()


@settings(max_examples=60, deadline=None)
@given(st.floats(30.0, 18000.0), st.floats(0.0, 1.0))
def test_a_low_pass_at_rest_is_the_state_scipy_solves_for(cutoff, resonance):
    from scipy.signal import lfilter_zi

    b, a = _lowpass_coefficients(np.array([cutoff]), _q(resonance), 44100)
    assert np.allclose(_at_rest(b[0], a[0]), lfilter_zi(b[0], a[0]), rtol=1e-9, atol=1e-12)


def test_a_low_pass_at_rest_passes_a_steady_input_without_a_start():
    from scipy.signal import lfilter

    b, a = _lowpass_coefficients(np.array([500.0]), _q(0.3), 44100)
    y, _ = lfilter(b[0], a[0], np.full(64, 0.7), zi=0.7 * _at_rest(b[0], a[0]))
    assert np.allclose(y, 0.7, atol=1e-12)          # a wrong state rings before it settles


def test_the_processor_level_is_recorded_with_the_media_versions():
    level = processor_level()
    assert media_versions()["processor"] == level
    assert level == "x86-64-v3" or "v3" not in level
    if level == "x86-64-v3":
        from scoring.render.picture import _X264_CPU, _x264_cpu
        assert _x264_cpu() == ":asm=" + _X264_CPU
