"""Lesson 11: the series theme and the dub stage. Loudness against reference signals whose
loudness BS.1770 states, true peak between the samples, stems that sum to the music mix (in
memory and in the written WAV files), hummability on tunes whose answers are known by hand, the
seasons, and the exercises (each checker accepts its solution and valid alternatives, rejects
the starter with specific feedback)."""
from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
import soundfile as sf
from scipy.signal import lfilter

from scoring import Motif, ScoringError
from scoring.devices import join
from scoring.exercises import l11 as E
from scoring.panels.l11 import fader_mix
from scoring.core.pitch import parse_key
from scoring.harmony import bar_length
from scoring.series import (MELODY_TOP, TUNES, cliffhanger, cue_sheet, deliver, delivery_notes, dialogue_clearance, hummability,
                            integrated_loudness, main_title, momentary_loudness, montage, npvi, previously_on, rebalance, render_stems,
                            season_metrics, seasons, series_theme, sting, theme_present, true_peak, tune,
                            under_dialogue, write_delivery)

SR = 48000


def sine(freq: float, dbfs: float, seconds: float = 5.0, sr: int = SR, phase: float = 0.0) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    return 10 ** (dbfs / 20) * np.sin(2 * np.pi * freq * t + phase)


# ---------------------------------------------------------------- an independent BS.1770-4 meter
# The filter coefficients BS.1770-4 prints for 48 kHz (Table 1 and Table 2), with its gating.
_SHELF = ([1.53512485958697, -2.69169618940638, 1.19839281085285], [1.0, -1.69065929318241, 0.73248077421585])
_RLB = ([1.0, -2.0, 1.0], [1.0, -1.99004745483398, 0.99007225036621])


def reference_lufs(y: np.ndarray) -> float:
    """BS.1770-4 integrated loudness at 48 kHz, straight from the standard's tables and equations."""
    y = y.reshape(len(y), -1)
    z = lfilter(*_RLB, lfilter(*_SHELF, y, axis=0), axis=0)
    block, step = int(0.4 * SR), int(0.1 * SR)
    starts = range(0, len(z) - block + 1, step)
    power = np.array([np.sum(np.mean(z[s:s + block] ** 2, axis=0)) for s in starts])
    loud = -0.691 + 10 * np.log10(power + 1e-300)
    kept = power[loud > -70]
    relative = -0.691 + 10 * np.log10(np.mean(kept)) - 10
    kept = power[(loud > -70) & (loud > relative)]
    return -0.691 + 10 * math.log10(np.mean(kept))


def test_a_997_hz_sine_at_full_scale_in_one_channel_reads_minus_3_01_lufs():
    """BS.1770-4 (section 2.1): a 0 dBFS 997 Hz sine in one channel reads -3.01 LKFS. pyloudnorm's
    K-filter is derived from the analogue prototypes, so it reads 0.04 LU low; the standard's own
    48 kHz coefficients read -3.01."""
    y = sine(997, 0.0)
    assert integrated_loudness(y, SR) == pytest.approx(-3.01, abs=0.1)
    assert reference_lufs(y) == pytest.approx(-3.01, abs=0.01)


@pytest.mark.parametrize("dbfs", [-10.0, -20.0, -30.0])
def test_loudness_follows_the_level_decibel_for_decibel(dbfs):
    assert integrated_loudness(sine(997, dbfs), SR) == pytest.approx(-3.01 + dbfs, abs=0.1)


def test_a_sine_in_both_channels_reads_3_db_louder():
    """The channels' powers add (G = 1 for left and right): the same tone in both reads +3.01 LU."""
    mono = sine(997, -20.0)
    stereo = np.stack([mono, mono], axis=1)
    assert integrated_loudness(stereo, SR) - integrated_loudness(mono, SR) == pytest.approx(3.01, abs=0.01)


def test_the_gates_ignore_silence_and_quiet_passages():
    """Absolute gate (-70 LUFS): silence around a tone changes nothing. Relative gate (-10 LU): a
    passage 20 dB down is left out too. (The few blocks that straddle an edge still count, as the
    standard says; over 20 s of tone they move the reading by less than 0.1 LU.)"""
    tone = sine(997, -20.0, 20.0)
    padded = np.concatenate([np.zeros(4 * SR), tone, np.zeros(4 * SR)])
    with_quiet = np.concatenate([tone, sine(997, -40.0, 10.0)])
    ref = integrated_loudness(tone, SR)
    assert integrated_loudness(padded, SR) == pytest.approx(ref, abs=0.1)
    assert integrated_loudness(with_quiet, SR) == pytest.approx(ref, abs=0.1)
    assert integrated_loudness(np.concatenate([tone, tone]), SR) == pytest.approx(ref, abs=0.01)
    assert integrated_loudness(np.zeros(SR), SR) == -math.inf


def test_pyloudnorm_agrees_with_the_standards_own_coefficients_on_music():
    """On a rendered cue (at 48 kHz) the library and the standard's tables agree within 0.1 LU."""
    y, sr = sting(series_theme()).to_audio(sample_rate=SR)
    assert sr == SR
    assert integrated_loudness(y, SR) == pytest.approx(reference_lufs(np.asarray(y, dtype=float)), abs=0.1)


def test_momentary_loudness_has_a_block_every_100_ms():
    times, lufs = momentary_loudness(sine(997, -20.0, 2.0), SR)
    assert len(times) == 17 and times[0] == pytest.approx(0.4) and times[-1] == pytest.approx(2.0)
    assert lufs[5:].mean() == pytest.approx(-23.0, abs=0.1)


def test_one_measurement_serves_both_loudness_readings_and_a_changed_sound_is_measured_again(monkeypatch):
    import pyloudnorm

    from scoring import series

    runs = []
    measure = pyloudnorm.Meter.integrated_loudness
    monkeypatch.setattr(pyloudnorm.Meter, "integrated_loudness", lambda self, y: runs.append(1) or measure(self, y))
    y = sine(440, -17.5, 1.5)
    level = integrated_loudness(y, SR)
    times, lufs = momentary_loudness(y.astype(np.float32), SR)  # the same sound in float32: another digest
    assert len(runs) == 2 and lufs[-1] == pytest.approx(level, abs=0.05)  # a steady tone: every block alike
    assert integrated_loudness(y, SR) == level and len(runs) == 2
    lufs[:] = 0.0                                               # a caller's copy: the remembered blocks stay
    assert momentary_loudness(y.astype(np.float32), SR)[1][-1] == pytest.approx(level, abs=0.05) and len(runs) == 2
    quieter = y * 0.5
    assert integrated_loudness(quieter, SR) == pytest.approx(level - 6.02, abs=0.01) and len(runs) == 3
    assert integrated_loudness(y[::-1], SR) == pytest.approx(level, abs=0.01) and len(runs) == 4  # a view, reversed
    for k in range(series._meterings.most + 1):
        integrated_loudness(y * (1 + k / 100), SR)
    assert len(series._meterings) == series._meterings.most


def test_a_peak_read_while_another_thread_measures_it_is_measured_once(short_delivery, monkeypatch):
    import threading
    import time

    from scoring import series

    runs, started, measure = [], threading.Event(), series.true_peak

    def slow(y, sr):
        runs.append(1)
        started.set()
        time.sleep(0.2)
        return measure(y, sr)

    monkeypatch.setattr(series, "true_peak", slow)
    fresh = replace(short_delivery, _cache={})
    other = threading.Thread(target=lambda: fresh.peak)   # as the delivery card's sound thread does
    other.start()
    assert started.wait(5)
    assert fresh.peak == measure(fresh.master, fresh.sample_rate) and len(runs) == 1
    other.join()


def test_true_peak_finds_the_peak_between_the_samples():
    """A full-scale sine at a quarter of the sample rate, sampled 45 degrees off its crests: every
    sample is at -3.01 dBFS, the waveform between them reaches 0 dBTP."""
    y = np.sin(np.pi / 2 * np.arange(SR) + np.pi / 4) * np.hanning(SR)
    assert 20 * np.log10(np.abs(y).max()) == pytest.approx(-3.01, abs=0.01)
    assert true_peak(y, SR) == pytest.approx(0.0, abs=0.1)


def test_true_peak_of_a_slow_sine_is_its_sample_peak():
    y = sine(100, -6.0, 1.0)
    assert true_peak(y, SR) == pytest.approx(-6.0, abs=0.02)
    assert true_peak(np.zeros(SR), SR) == -math.inf


def test_loudness_refuses_what_it_cannot_measure():
    with pytest.raises(ScoringError, match="400 ms"):
        integrated_loudness(np.zeros(100), SR)
    with pytest.raises(ScoringError, match="NaN"):
        true_peak(np.full(SR, np.nan), SR)
    with pytest.raises(ScoringError, match="mono"):
        integrated_loudness(np.zeros((SR, 7)), SR)


# ---------------------------------------------------------------- stems and the music mix
@pytest.fixture(scope="module")
def short_delivery():
    return deliver(sting(series_theme()), target=-23.0)


def test_stems_sum_to_the_print_master(short_delivery):
    d = short_delivery
    assert list(d.stems) == ["melody", "harmony", "bass"]
    total = np.sum([y.astype(np.float64) for y in d.stems.values()], axis=0)
    assert np.max(np.abs(total - d.master)) < 1e-6
    assert d.loudness == pytest.approx(-23.0, abs=0.01)
    assert d.peak <= -1.0


def test_each_stem_is_its_layer_alone():
    cue = sting(series_theme())
    stems = render_stems(cue)
    alone, _ = cue.with_layers([cue.layer("bass")]).to_audio()
    assert np.array_equal(stems["bass"][:len(alone)], alone)


def test_rebalancing_moves_one_stem_and_keeps_the_target(short_delivery):
    d = rebalance(short_delivery, gains={"bass": -6}, target=None)
    ratio = np.max(np.abs(d.stems["bass"])) / np.max(np.abs(short_delivery.stems["bass"]))
    assert 20 * np.log10(ratio) == pytest.approx(-6.0, abs=0.01)
    assert rebalance(d).loudness == pytest.approx(-23.0, abs=0.01)
    with pytest.raises(ScoringError, match="no stem 'drums'"):
        rebalance(d, gains={"drums": -3})
    with pytest.raises(ScoringError, match="target"):
        rebalance(d, target=3)


def test_written_stems_sum_to_the_written_master(short_delivery, tmp_path):
    """The WAV files (16-bit) still sum to the music mix, within the 16-bit steps."""
    paths = write_delivery([short_delivery], tmp_path)
    names = [p.name for p in paths]
    assert names[-2:] == ["cue_sheet.csv", "delivery_notes.txt"]
    stems = [sf.read(p)[0] for p in paths if p.suffix == ".wav" and "musicmix" not in p.name]
    master, sr = sf.read(next(p for p in paths if "musicmix" in p.name))
    assert sr == 44100 and len(stems) == 3
    assert np.max(np.abs(np.sum(stems, axis=0) - master)) <= 4 / 32768
    assert integrated_loudness(master, sr) == pytest.approx(-23.0, abs=0.05)
    assert "MT" in (tmp_path / "cue_sheet.csv").read_text()
    assert "meets the spec" in (tmp_path / "delivery_notes.txt").read_text()


def test_write_delivery_writes_only_into_an_existing_folder(short_delivery, tmp_path):
    with pytest.raises(ScoringError, match="does not exist"):
        write_delivery([short_delivery], tmp_path / "nowhere")
    assert not (tmp_path / "nowhere").exists()


def test_cue_sheet_and_notes(short_delivery):
    sheet = cue_sheet([short_delivery, short_delivery], usages=["MT", "ET"])
    assert [r["cue"] for r in sheet.rows] == ["1M1", "1M2"]
    assert sheet.rows[1]["in"] == "01:00:05:00"
    assert "meets the spec" in delivery_notes([short_delivery])
    with pytest.raises(ScoringError, match="usage"):
        cue_sheet([short_delivery], usages=["XX"])


def test_ducking_under_dialogue_clears_the_words():
    lines = [(1.0, 3.0, "MAYA", "Where were you all night?")]
    loud = deliver(series_theme(), lines=lines)
    soft = deliver(under_dialogue(series_theme(), lines), lines=lines)
    assert "dialogue" in soft.stems
    assert dialogue_clearance(soft)[0][1] > dialogue_clearance(loud)[0][1] + 5


# ---------------------------------------------------------------- hummability
def test_a_scale_is_all_steps_and_never_turns():
    h = hummability(Motif.parse("4/4 c4 d e f g a b c'"))
    assert (h["ambitus"], h["steps"], h["largest_leap"], h["contour_turns"], h["npvi"]) == (12, 1.0, 2, 0.0, 0.0)


def test_a_zigzag_turns_at_every_note():
    h = hummability(Motif.parse("4/4 c4 g d a e b f c'"))
    assert h["contour_turns"] == 1.0 and h["steps"] == 0.0 and h["largest_leap"] == 7


def test_a_repeated_cell_counts_as_repetition():
    h = hummability(Motif.parse("4/4 c4 d e c c d e c c d e c"))
    assert h["repetition"] == 1.0
    # the major scale repeats its tetrachord: whole, whole, half comes back (2 of its 5 cells)
    assert hummability(Motif.parse("4/4 c4 d e f g a b c'"))["repetition"] == 0.4
    assert hummability(Motif.parse("4/4 c4 d f e a g b c'"))["repetition"] == 0.0


def test_npvi_by_hand():
    """Patel & Daniele (2003): 100/(m-1) * sum |d_k - d_k+1| / mean(d_k, d_k+1)."""
    assert npvi([1, 1, 1]) == 0.0
    assert npvi([1, 2]) == pytest.approx(100 * 1 / 1.5)
    assert npvi([1.5, 0.5, 1.5, 0.5]) == pytest.approx(100.0)
    with pytest.raises(ScoringError):
        npvi([1])


def test_rests_lengthen_the_note_before_them():
    """nPVI reads inter-onset intervals: c4 r4 c2 is two notes two beats apart (then a free last note)."""
    a = hummability(Motif.parse("4/4 c4 r4 d4 e4 f2"))
    b = hummability(Motif.parse("4/4 c2 d4 e4 f2"))
    assert a["npvi"] == b["npvi"]


def test_the_tunes_are_the_tunes():
    """Spot checks against the printed tunes: the openings as everyone sings them."""
    assert tune("Ode to Joy").pitches[:8] == ["F#4", "F#4", "G4", "A4", "A4", "G4", "F#4", "E4"]
    assert tune("Twinkle Twinkle").pitches[:7] == ["C4", "C4", "G4", "G4", "A4", "A4", "G4"]
    assert [p for p in tune("Greensleeves").pitches if p][:6] == ["A4", "C5", "D5", "E5", "F5", "E5"]
    assert tune("Frere Jacques").quarter_length == 32 and tune("Ode to Joy").quarter_length == 32
    assert tune("Greensleeves").quarter_length == 48              # 16 bars of 3/4, the pickup's bar included
    assert set(TUNES) == {"Ode to Joy", "Twinkle Twinkle", "Frere Jacques", "Greensleeves"}


# ---------------------------------------------------------------- seasons and binge pacing
def test_four_seasons_shorten_re_orchestrate_and_re_tempo():
    cues = seasons(series_theme())
    ms = [season_metrics(c) for c in cues]
    assert [m["seconds"] for m in ms] == [30.0, 20.0, 8.0, 5.0]
    assert ms[0]["instruments"] != ms[1]["instruments"] != ms[2]["instruments"]
    assert ms[2]["tempo"] > ms[0]["tempo"]
    assert all(theme_present(series_theme(), c) for c in cues)


def test_main_title_and_sting_fit_any_length():
    hero = Motif.parse("4/4 c4 e g c'2", name="Hero", tempo=96)
    assert main_title(hero, 45.0).duration_seconds == pytest.approx(45.0)
    assert sting(hero, 3.0).duration_seconds == pytest.approx(3.0)
    with pytest.raises(ScoringError, match="BPM"):
        main_title(hero, 60.0, statements=1)


# Themes a student might bring: other metres, a pickup rest, long notes, a very short theme.
OTHER_THEMES = {
    "hero 4/4": Motif.parse("4/4 c4 e g c'2", name="Hero", tempo=96, key="C major"),
    "waltz 3/4": Motif.parse("3/4 e4 g c' b2 a4 g2.", name="Waltz", key="C major", tempo=132),
    "jig 6/8": Motif.parse("6/8 d8 f# a d'4 a8 b4 a8 f#4.", name="Jig", key="D major", tempo=100),
    "march 2/4": Motif.parse("2/4 g8 g c'4 e'8 d' c'4", name="March", key="C major", tempo=112),
    "pickup rest": Motif.parse("4/4 r4 a c' e'", name="Rest", key="A minor"),
    "whole notes": Motif.parse("4/4 c1 d1 e1", name="Long", key="C major"),
    "5/4": Motif.parse("5/4 e4 f# g a b", name="Five", key="E minor"),
    "two sixteenths": Motif.parse("4/4 c16 d", name="Tiny", key="C major"),
}


@pytest.mark.parametrize("theme", OTHER_THEMES.values(), ids=OTHER_THEMES)
def test_every_series_form_takes_a_theme_in_any_metre_and_keeps_its_metre(theme):
    bar = bar_length(theme.time_signature)
    first = next(n.pitch for n in theme.notes if not n.is_rest)
    for cue in (cliffhanger(theme), montage(theme), previously_on(theme), sting(theme)):
        assert cue.time_signature == theme.time_signature, cue.name
        assert cue.quarter_length % bar == 0, (cue.name, cue.quarter_length)     # ends on a bar line
        assert cue.melody().midi[0] % 12 == first % 12, cue.name                  # opens with the theme's first note
    cluster = next(c.pitches for c in cliffhanger(theme).layer("stinger high").chords if c.pitches)
    assert cluster[0] % 12 == parse_key(theme.key)[0]                   # the cluster starts on the tonic
    assert [round(c.duration_seconds) for c in seasons(theme)] == [30, 20, 8, 5]


@pytest.mark.parametrize("theme", OTHER_THEMES.values(), ids=OTHER_THEMES)
def test_the_montage_cell_fills_the_bar_a_whole_number_of_times_and_starts_with_the_head(theme):
    line = [(c.pitches, c.duration) for c in montage(theme, bars=2).layer("melody").chords]
    size = next(k for k in range(1, len(line) + 1) if len(line) % k == 0 and line == line[:k] * (len(line) // k))
    cell_length = sum(d for _, d in line[:size])
    assert (bar_length(theme.time_signature) / cell_length).denominator == 1, cell_length
    cell = [p for ps, _ in line[:size] for p in ps]
    head = [n.pitch for n in theme.notes if not n.is_rest][:len(cell)]
    assert [b - a for a, b in zip(cell, cell[1:])] == [b - a for a, b in zip(head, head[1:])]
    assert cell[0] % 12 == head[0] % 12


def test_seasons_play_a_short_theme_again_instead_of_slowing_it_to_a_crawl():
    hero = OTHER_THEMES["hero 4/4"]                          # 3.1 s at 96 BPM
    tempi = [c.tempo for c in seasons(hero)[:3]]
    assert all(0.85 * hero.tempo <= t <= 1.25 * hero.tempo for t in tempi), tempi
    assert seasons(hero)[0].melody().midi[:8] == hero.midi * 2                 # the theme twice in a row
    assert [c.tempo for c in seasons(series_theme())] == [96.0, 96.0, 120.0, 96.0]   # Harbour Lights as before


def test_seasons_and_titles_say_what_to_change_when_the_theme_does_not_fit():
    long = Motif.parse("4/4 " + "c4 d e f g a b c' " * 8, name="Long", key="C major", tempo=96)    # 40 s
    with pytest.raises(ScoringError, match=r"lasts 40\.0 s.*first phrase"):
        seasons(long)
    assert [round(c.duration_seconds) for c in seasons(long.fragment(0, 32))] == [30, 20, 8, 5]
    with pytest.raises(ScoringError, match=r"lasts 0\.30 s.*over 24; give a longer theme or a shorter title"):
        main_title(OTHER_THEMES["two sixteenths"])


# ---------------------------------------------------------------- the exercises
HERO = Motif.parse("4/4 c4 e g c'2", name="Hero", tempo=96, instrument="French Horn")


@pytest.mark.parametrize("original", [series_theme(), HERO], ids=["harbour", "hero"])
@pytest.mark.parametrize("name", ["titles", "hummable"])
def test_solutions_pass(name, original):
    checker, solution = E.SOLUTIONS[name]
    feedback = checker(solution(original), original)
    assert feedback.ok, feedback


def test_delivery_solution_passes_and_starter_fails():
    theme = series_theme()
    checker, solution = E.SOLUTIONS["delivery"]
    answer = solution(theme)
    assert checker(answer, theme).ok
    starter = [rebalance(d, target=None, gains={"melody": 12}) for d in answer]
    text = "; ".join(checker(starter, theme).notes)
    assert "LU over the spec's -23" in text and "one gain" in text
    assert "target=" not in text                       # the feedback hints; it does not hand over the code
    master_only = [replace(answer[0], master=answer[0].master * 2), answer[1]]
    assert "do not sum to its music mix" in "; ".join(checker(master_only, theme).notes)
    assert not checker(answer[:1], theme).ok and not checker(None, theme).ok


def test_delivery_accepts_another_balance_and_flags_a_peak_over_the_ceiling():
    theme = series_theme()
    title, short = E.SOLUTIONS["titles"][1](theme)
    answer = [deliver(title, gains={"bass": -4, "harmony": -4, "melody": 2}), deliver(short, gains={"harmony": -6})]
    assert E.check_delivery(answer, theme).ok, E.check_delivery(answer, theme)
    # a spiky stem: one full-scale click on the bass stem, a peak the loudness hardly notices
    spiky = dict(answer[1].stems)
    spiky["bass"] = spiky["bass"].copy()
    spiky["bass"][1000] = 4.0
    spiky_delivery = rebalance(replace(answer[1], stems=spiky, master=sum(spiky.values())), target=-23.0)
    fb = E.check_delivery([answer[0], spiky_delivery], theme)
    assert spiky_delivery.peak > -1 and "over the -1 dBTP ceiling" in "; ".join(fb.notes)


def test_titles_accept_a_hand_made_answer_and_reject_the_starter():
    theme = series_theme()
    statements = join(theme, theme.octave(1), theme.to_mode("major").with_dynamics("f"))
    made = statements.with_tempo(96)  # three statements of 10 s at 96 BPM
    head = theme.fragment(0, 3).augment(2).with_tempo(48)      # four beats at 48 BPM: 5 s
    assert E.check_titles((made, head), theme).ok, E.check_titles((made, head), theme)
    starter = E.check_titles((theme, theme), theme)
    assert not starter.ok and "lasts 10.0 s; it should last 30 s" in "; ".join(starter.notes)
    other = E.check_titles((main_title(tune("Ode to Joy")), sting(theme)), theme)
    assert "whole theme cannot be heard in any layer of the main title" in "; ".join(other.notes)


def test_titles_accept_a_theme_handed_from_the_horn_to_the_violins():
    from scoring.core.cue import Layer
    from scoring.harmony import harmonize
    from scoring.series import THEME_CHORDS, theme_present, top_line

    theme = series_theme()
    horn = Motif.parse("4/4 d4 a8 g a4 d' c'4 a8 f g2 r1 r1", key="D minor", tempo=96, instrument="French Horn")
    violins = Motif.parse("4/4 r1 r1 d'4 a'8 g' a'4 c'' b'-4 a'8 g' d'2", key="D minor", tempo=96,
                          instrument="Violin")                             # bars 3-4, an octave up
    chords = harmonize(theme, list(THEME_CHORDS), every=2)
    once = chords.with_layers([Layer.from_motif(horn), Layer.from_motif(violins).with_(role="violins"),
                               chords.layer("harmony"), chords.layer("bass")])
    title = join(once, once, once).with_tempo(96)                          # three statements: 30 s
    assert not any(theme_present(theme, title.with_layers([layer])) for layer in title.layers)
    assert [c.pitches[0] for c in top_line(once, roles=["melody", "violins"]).chords if c.pitches][8:11] == [67, 74, 81]
    fb = E.check_titles((title, sting(theme)), theme)
    assert fb.ok, fb


def test_hummable_accepts_another_original_and_rejects_copies():
    theme = series_theme()
    mine = Motif.parse("3/4 e4 f g a2 g4 f e d e2. e4 f g a2 g4 f e d c2.", key="C major")
    assert E.check_hummable(mine, theme).ok, E.check_hummable(mine, theme)
    starter = "; ".join(E.check_hummable(theme, theme).notes)
    assert "still the starting theme" in starter and "steps is 0.53" in starter
    assert "Ode to Joy, a public-domain tune" in "; ".join(E.check_hummable(tune("Ode to Joy").transpose(3), theme).notes)
    assert not E.check_hummable(None, theme).ok


def test_fader_mix_reports_its_code(short_delivery):
    new, code = fader_mix(short_delivery, {"melody": 0, "harmony": -6, "bass": 0}, name="sting")
    assert code == "rebalance(sting, gains={'harmony': -6}, target=-23, ceiling=-1)"
    assert new.loudness == pytest.approx(-23.0, abs=0.01)
    new, code = fader_mix(short_delivery, {"melody": 0}, spec="none (as mixed)", name="sting")
    assert code == "rebalance(sting, target=None)"


def test_the_loudness_meter_follows_its_faders(short_delivery):
    from scoring.panels import loudness_meter

    panel = loudness_meter(short_delivery, name="card")
    spec, faders, code, view = panel.children
    assert "target=-23" in code.value and "-23.0 LUFS" in view.value
    faders.children[2].value = -12.0                     # the harmony fader
    assert "gains={&#x27;harmony&#x27;: -12}" in code.value          # escaped for HTML
    spec.value = "none (as mixed)"
    assert code.value.endswith("target=None)</code>")
    assert repr(panel).startswith("Loudness meter: an interactive panel")


# ---------------------------------------------------------------- after the teacher's review
def test_delivery_asks_the_tune_to_stand_over_its_accompaniment():
    """As rendered, the tune and the chords are about equally loud: the checker asks for a mixing
    decision (the theme's stem 3 LU over the others), names the stems and their levels, and accepts
    either fader: the accompaniment down or the tune up."""
    theme = series_theme()
    title, short = E.SOLUTIONS["titles"][1](theme)
    flat = [deliver(title), deliver(short)]
    text = "; ".join(E.check_delivery(flat, theme).notes)
    assert "theme's stem (melody)" in text and "at least 3 LU above" in text and "gains=" not in text
    up = [deliver(title, gains={"melody": 4, "melody 2": 4}), deliver(short, gains={"melody": 4})]
    assert E.check_delivery(up, theme).ok, E.check_delivery(up, theme)


def test_the_sting_must_open_with_the_head():
    theme = series_theme()
    title = main_title(theme)
    late = Motif.parse("4/4 c4 e g c' d4 a8 g g2", tempo=96)             # the head, but after four other notes
    fb = E.check_titles((title, late.with_tempo(late.quarter_length * 60 / 5.0)), theme)
    assert not fb.ok and "does not open with it" in "; ".join(fb.notes)
    early = Motif.parse("4/4 e4 b8 a b2 r1", tempo=96)                 # the head in E, then a rest: opens with it
    assert E.check_titles((title, early), theme).ok, E.check_titles((title, early), theme)


def test_melodies_stay_in_their_instruments_range():
    theme = series_theme()
    for cue in [*seasons(theme), main_title(theme, 40.0, palette="elegy", statements=2)]:
        for layer in cue.layers:
            if layer.role == "melody":
                top = max(p for c in layer.chords for p in c.pitches)
                assert top <= MELODY_TOP.get(layer.instrument, 96), (cue.name, layer.instrument, top)


def test_every_statement_and_the_card_end_home_on_the_tonic():
    theme = series_theme()
    for cue in (main_title(theme), seasons(theme)[2], sting(theme)):
        assert sorted(p % 12 for p in cue.layer("harmony").chords[-1].pitches) == [2, 5, 9]   # D F A
    title = main_title(theme)
    assert [c.names(title.key) for c in title.layer("harmony").chords[:8]] == [
        ["D3", "F3", "A3"]] * 2 + [["C3", "E3", "G3"]] * 2 + [["D3", "F3", "A3"]] * 2 + [["G3", "Bb3", "D4"], ["D3", "F3", "A3"]]


def test_short_cues_fill_their_last_bar_and_the_recap_tune_sits_above_its_chord():
    theme = series_theme()
    recap, cliff = previously_on(theme), cliffhanger(theme)
    for cue in (sting(theme), recap, cliff):
        assert cue.quarter_length % 4 == 0, (cue.name, cue.quarter_length)
    assert max(recap.layer("harmony").chords[0].pitches) < min(recap.melody().midi)
    assert [c.names(cliff.key) for c in cliff.layer("harmony").chords if c.pitches] == [
        ["D3", "F3", "A3"], ["E3", "G3", "Bb3"], ["F3", "A3", "C4"]]


def test_end_titles_can_leave_out_the_swell():
    theme = series_theme()
    calm = main_title(theme, 40.0, palette="elegy", statements=2, swell=False)
    assert max(c.velocity for c in calm.layer("melody").chords) <= 80
    swelled = main_title(theme, 40.0, palette="elegy", statements=2)
    assert max(c.velocity for l in swelled.layers if l.role == "melody" for c in l.chords) > 100


def test_the_card_says_no_target_when_there_is_none_and_judges_the_peak():
    from scoring.series_view import delivery_card

    raw = deliver(sting(series_theme()), target=None)
    loud = rebalance(raw, gains={"melody": 6, "harmony": 6, "bass": 6}, target=None)
    assert loud.peak > -1
    text = repr(delivery_card(loud, plot=False)) + delivery_card(loud, plot=False).html
    assert "no target (level as mixed)" in text and "over the -1 dBTP ceiling" in text and "meets" not in text
    assert "gain +0.0 dB" in delivery_card(rebalance(raw, target=None), plot=False).html


def test_delivery_notes_give_the_delivered_sample_rate():
    d = deliver(sting(series_theme()), sample_rate=48000)
    assert "at 48 kHz" in delivery_notes([d]) and "44.1" not in delivery_notes([d])


def test_write_delivery_says_what_is_wrong_with_the_folder(tmp_path, short_delivery):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    with pytest.raises(ScoringError, match="is a file, not a folder"):
        write_delivery([short_delivery], a_file)
    with pytest.raises(ScoringError, match="give a folder path"):
        write_delivery([short_delivery], 123)
    with pytest.raises(ScoringError, match="does not exist"):
        write_delivery([short_delivery], tmp_path / "missing")


def test_alt_texts_name_the_thing_to_notice():
    from scoring.series_view import hummability_alt, season_alt

    theme = series_theme()
    assert "To notice: Harbour Lights has the fewest steps (0.53) and the least repetition (0.13)" in \
        hummability_alt([theme, *(tune(n) for n in TUNES)])
    assert "To notice: the length goes from 30 s to 5 s" in season_alt(seasons(theme))


def test_true_peak_in_blocks_equals_the_whole_signal_at_once():
    from scipy.signal import resample_poly

    y = np.random.default_rng(3).normal(size=(200_000, 2)) * np.linspace(0, 1, 200_000)[:, None]
    whole = 20 * math.log10(float(np.abs(resample_poly(y, 4, 1, axis=0)).max()))
    assert true_peak(y) == pytest.approx(whole, abs=1e-9)


# ---------------------------------------------------------------- the dub stage, watched: Harbour Wall
@pytest.fixture(scope="module")
def harbour():
    from scoring.scene import load_scene

    return load_scene("harbour_wall")


@pytest.fixture(scope="module")
def dub_videos(harbour):
    """The scene's animatic with season 3's title as written and ducked under the lines (as the lesson shows)."""
    from scoring.animatic import animatic
    from scoring.series import dialogue_lines

    title = seasons(series_theme())[2]
    ducked = under_dialogue(title, dialogue_lines(harbour)).with_name("Season 3, ducked under the lines")
    return title, ducked, animatic(harbour, title), animatic(harbour, ducked)


def _soundtrack(video) -> tuple[np.ndarray, int]:
    import io

    import av

    with av.open(io.BytesIO(video.mp4)) as box:
        rate = box.streams.audio[0].rate
        pcm = np.concatenate([f.to_ndarray().reshape(-1) for f in box.decode(audio=0)])
    return pcm.astype(np.float64), rate


def _rms_db(y: np.ndarray) -> float:
    return 20 * math.log10(math.sqrt(float(np.mean(y ** 2))))


def test_the_harbour_scene_loads_as_written(harbour):
    import json

    from scoring.core.film import SCENES_DIR
    from scoring.series import dialogue_lines

    data = json.loads((SCENES_DIR / "harbour_wall.json").read_text(encoding="utf-8"))
    assert "Original scene written for this course" in data["licence"]
    assert harbour.title == "Harbour Wall" and harbour.fps == 24 and harbour.duration == pytest.approx(8.0)
    assert len(harbour.shots) == 2 and harbour.shots[0].light == "dusk"
    assert dialogue_lines(harbour) == [(1.0, 3.208, "MAYA", "You said you'd be back by dawn."),
                                       (4.208, 6.417, "JONAH", "The boats never came in.")]
    with pytest.raises(ScoringError, match="reads a Scene"):
        dialogue_lines("harbour_wall")


def test_the_harbour_animatic_lasts_as_long_as_the_scene_and_the_title(harbour, dub_videos):
    title, _, straight, ducked = dub_videos
    for video in (straight, ducked):
        assert video.frames == 192 and video.seconds == pytest.approx(harbour.duration)
        assert video.seconds == pytest.approx(title.duration_seconds)
        pcm, rate = _soundtrack(video)
        assert len(pcm) / rate == pytest.approx(8.0, abs=0.1)          # AAC pads a few milliseconds
        assert len(video.mp4) < 150_000                                  # small enough to embed twice
    assert "MAYA: You said you'd be back by dawn." in " ".join(ducked.transcript())


def test_the_ducked_mix_is_quieter_under_the_lines_by_a_measured_figure(harbour, dub_videos):
    from scoring.series import dialogue_lines, music_under_lines

    title, ducked_title, straight, ducked = dub_videos
    lines = dialogue_lines(harbour)
    loud, soft = music_under_lines(title, lines), music_under_lines(ducked_title, lines)
    drops = [a - b for (_, a), (_, b) in zip(loud, soft)]
    assert all(10 <= d <= 16 for d in drops), drops                   # the music alone: about 12 dB
    # the animatics' soundtracks (music and murmur together), measured from the MP4 itself
    (y1, rate), (y2, _) = _soundtrack(straight), _soundtrack(ducked)
    under = [(_rms_db(y1[int(a * rate):int(b * rate)]), _rms_db(y2[int(a * rate):int(b * rate)])) for a, b, *_ in lines]
    assert all(s - d >= 2.5 for s, d in under), under
    between = slice(int(3.4 * rate), int(4.1 * rate))                  # no line: the two mixes match
    assert abs(_rms_db(y1[between]) - _rms_db(y2[between])) < 1.5


def test_music_under_lines_checks_its_lines():
    from scoring.series import music_under_lines

    theme = series_theme()
    assert music_under_lines(theme, [(1.0, 2.0, "", "Hm.")])[0][0] == "Hm."
    with pytest.raises(ScoringError, match="not a line"):
        music_under_lines(theme, [(1.0, 2.0)])
    with pytest.raises(ScoringError, match="before it starts"):
        music_under_lines(theme, [(2.0, 1.0, "MAYA", "No.")])


def test_watch_grid_captions_each_video_and_gives_its_transcript(dub_videos):
    from scoring.series_view import watch_grid

    _, _, straight, ducked = dub_videos
    page = watch_grid([straight, ducked], ["as written", "ducked <under> the lines"])
    html = page._repr_html_()
    assert html.count("<video") == 2 and html.count('aria-label="') == 2
    assert "ducked &lt;under&gt; the lines" in html and "<under>" not in html
    assert html.count("Transcript (4 entries") == 2 and "JONAH: The boats never came in." in html
    assert repr(page).splitlines()[0].startswith("as written: Harbour Wall (01:00:00:00-01:00:08:00)")
    with pytest.raises(ScoringError, match="one line per video"):
        watch_grid([straight, ducked], ["only one"])
    with pytest.raises(ScoringError, match="animatics"):
        watch_grid(["a video"], ["x"])


def test_the_loudness_alt_says_the_music_dips_under_the_lines():
    from scoring.series_view import loudness_alt

    theme = series_theme()
    lines = [(2.0, 4.0, "MAYA", "Where were you?")]
    text = loudness_alt(deliver(under_dialogue(theme, lines), lines=lines))
    assert "dashed lines, each named" in text and "LU lower on average than between them" in text


# ---------------------------------------------------------------- feedback: a section to reread, no solution
@pytest.mark.parametrize("name, answer", [
    ("titles", lambda theme: (theme, theme)),
    ("delivery", lambda theme: [deliver(theme, target=None), deliver(theme, target=None)]),
    ("hummable", lambda theme: theme),
])
def test_the_starters_feedback_names_the_section_and_hands_over_no_solution(name, answer):
    theme = series_theme()
    checker, solution = E.SOLUTIONS[name]
    text = "; ".join(checker(answer(theme), theme).notes)
    heading = E._SECTIONS[name][0]
    assert f'reread "{heading}"' in text
    assert "Motif.parse" not in text and "main_title(" not in text and "target=" not in text
    if name == "hummable":                                  # none of the reference's notes appear
        assert "d4 e8 f" not in text


def test_hummable_accepts_a_third_original_in_another_metre_and_key():
    theme = series_theme()
    mine = Motif.parse("4/4 a4 g f e d2 f4 e d e f g a2 a4 g f e d2 f4 e d c d e d1", key="D minor", tempo=100)
    assert E.check_hummable(mine, theme).ok, E.check_hummable(mine, theme)


def test_a_sting_of_a_short_theme_keeps_all_its_notes_and_one_note_is_refused_with_a_reason():
    from scoring.series import sting

    three = sting(Motif.parse("4/4 c4 e g", name="Three"))
    assert three.melody().pitches == ["C4", "E4", "G4"]
    with pytest.raises(ScoringError, match="has 1 note.*two notes or more"):
        sting(Motif.parse("4/4 c4 r r r", name="One"))

