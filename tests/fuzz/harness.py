"""Run calls of the package's public functions in sandboxed worker processes and judge each outcome.

A *call* is ``(target, ((parameter, token), ...))``: the target's valid example call (taken from its
doctest, or built from :data:`GOOD` by parameter name) with some arguments replaced by values named
by *tokens* (:data:`HOSTILE`, or ``("int", 5)``, ``("float", 1e300)``, ``("text", "abc")``).

Each call runs in a worker (this file run as a program) that imported ``scoring`` once, under an
address-space cap (``RLIMIT_AS``), with a per-call timeout, in a fresh folder inside the worker's
own temporary root (also its ``HOME`` and ``TMPDIR``). An audit hook refuses and records any write
outside that root; the parent also watches the repository and ``/tmp``. Outcomes:

* ``result`` and ``clear error`` pass. A clear error is a :class:`~scoring.errors.ScoringError`, or
  a ``TypeError``/``ValueError`` raised by a ``raise`` statement in the package whose message names
  the argument or says what is expected (see :func:`judge_exception`), or Python's own complaint
  about the call's arguments.
* ``raw error`` (any other exception, or one from inside NumPy, music21, matplotlib...), ``crash``
  (the worker died), ``hang`` (timeout), ``memory`` (MemoryError or killed at the cap),
  ``write outside`` (a file written or changed outside the sandbox), ``unescaped HTML`` (the
  hostile text ``<script>'"&`` shows raw in HTML output) and ``numpy refused`` (a NumPy number
  refused where the same Python number works) fail.

Reproduce one call (in this process, with the same cap and sandbox)::

    .venv/bin/python tests/fuzz/harness.py repro scoring.core.transforms:transpose interval=NAN

List the targets: ``.venv/bin/python tests/fuzz/harness.py list``.
"""
from __future__ import annotations

import ast
import collections
import decimal
import doctest
import faulthandler
import fractions
import importlib
import inspect
import itertools
import linecache
import os
import pickle
import pkgutil
import re
import resource
import select
import shlex
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
HARNESS = Path(__file__).resolve()
PASS_KINDS = ("result", "clear error")
FAIL_KINDS = ("raw error", "crash", "hang", "memory", "write outside", "unescaped HTML", "numpy refused")
KINDS = PASS_KINDS + FAIL_KINDS + ("skipped",)
#: Packages left out: publishing and grading (off the runtime path; building every lesson takes minutes)
#: and the notebook panels (widgets).
SKIP_MODULES = ("scoring.publish", "scoring.assignments", "scoring.panels")
#: The hostile text that must never reach HTML unescaped.
MARK = "<script>'\"&"
DEFAULT_TIMEOUT = 20.0
DEFAULT_MEMORY_MB = 2048
SETUP_TIMEOUT = 120.0


# ---------------------------------------------------------------------------- values
class Ctx:
    """What value factories may use inside a worker: the sandbox's paths and sample music."""

    def __init__(self, root: Path):
        self.root = root
        self.links = root / "links"
        self.canary = root.parent / f"canary-{root.name}"   # outside the sandbox: nothing may change it
        self._cache: dict[str, object] = {}

    def prepare(self) -> None:
        """Make the sandbox's fixtures: symbolic links that lead out to the canary, a FIFO, files to read."""
        for d in (self.links, self.canary, self.root / "files", self.root / "calls"):
            d.mkdir(parents=True, exist_ok=True)
        (self.canary / "target.wav").write_bytes(b"canary")
        for name, target in (("link.wav", self.canary / "target.wav"), ("outdir", self.canary)):
            if not (self.links / name).is_symlink():
                (self.links / name).symlink_to(target)
        if not (self.links / "pipe.mid").exists():
            os.mkfifo(self.links / "pipe.mid")

    def canary_state(self) -> dict:
        out = {}
        for dirpath, dirnames, filenames in os.walk(self.canary):
            for n in dirnames + filenames:
                st = os.lstat(os.path.join(dirpath, n))
                out[os.path.join(dirpath, n)] = (st.st_mtime_ns, st.st_size)
        return out

    def get(self, name: str, make):
        if name not in self._cache:
            self._cache[name] = make()
        return self._cache[name]

    @property
    def hero(self):
        from scoring import Motif

        return self.get("hero", lambda: Motif.parse("4/4 c4 e g c'2", name="Hero", tempo=96, instrument="French Horn"))

    @property
    def cue(self):
        from scoring.core.cue import Cue

        return self.get("cue", lambda: Cue.from_motif(self.hero))

    @property
    def tempo_map(self):
        from scoring import TempoMap

        return self.get("tempo_map", lambda: TempoMap.constant(96).ramp(4, 8, 120))

    @property
    def tone(self):
        return self.get("tone", lambda: (0.3 * np.sin(2 * np.pi * 440 * np.arange(22050) / 44100)).astype(np.float32))

    @property
    def scene(self):
        from scoring.core.film import load_scene

        return self.get("scene", lambda: load_scene("kitchen_dialogue"))

    def file(self, suffix: str) -> str:
        """A small valid file of the hero motif (``.mid``, ``.musicxml``) or sound (``.wav``) to read."""
        path = self.root / "files" / f"hero{suffix}"
        if not path.exists():
            if suffix == ".wav":
                from scoring.render.files import write_wav

                write_wav(path, self.tone)
            elif suffix == ".json":
                from scoring.core.film import SCENES_DIR

                shutil.copy(SCENES_DIR / "kitchen_dialogue.json", path)
            else:
                self.hero.to_midi(path) if suffix == ".mid" else self.hero.to_musicxml(path)
        return str(path)


def _figure():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(2, 1))
    fig.add_subplot().plot([0, 1])
    return fig


def _self_list():
    a: list = []
    a.append(a)
    return a


def _nested(depth: int):
    v: list = []
    for _ in range(depth):
        v = [v]
    return v


def _np(expr: str):
    return eval(expr, {"np": np, "nan": float("nan")})  # noqa: S307 - fixed expressions below


#: Hostile values by token: (what it is, factory taking a :class:`Ctx`).
HOSTILE: dict[str, tuple[str, object]] = {
    "NONE": ("None", lambda c: None),
    "TRUE": ("True", lambda c: True),
    "NAN": ("float('nan')", lambda c: float("nan")),
    "INF": ("float('inf')", lambda c: float("inf")),
    "NEG_INF": ("float('-inf')", lambda c: float("-inf")),
    "NEG_ONE": ("-1", lambda c: -1),
    "ZERO": ("0", lambda c: 0),
    "BIG_INT": ("10**9", lambda c: 10**9),
    "HUGE_INT": ("10**100", lambda c: 10**100),
    "BIG_FLOAT": ("1e308", lambda c: 1e308),
    "TINY_FLOAT": ("1e-300", lambda c: 1e-300),
    "NEG_FLOAT": ("-2.5", lambda c: -2.5),
    "NP_INT": ("np.int64(3)", lambda c: _np("np.int64(3)")),
    "NP_FLOAT": ("np.float64(2.5)", lambda c: _np("np.float64(2.5)")),
    "NP_NAN": ("np.float32('nan')", lambda c: _np("np.float32(nan)")),
    "NP_BOOL": ("np.bool_(True)", lambda c: _np("np.bool_(True)")),
    "NP_SAME": ("the valid value as a NumPy number (np.int64(3) if not a number)", None),   # made from the baseline value
    "COMPLEX": ("1+2j", lambda c: 1 + 2j),
    "FRACTION": ("Fraction(1, 3)", lambda c: fractions.Fraction(1, 3)),
    "DECIMAL": ("Decimal('1.5')", lambda c: decimal.Decimal("1.5")),
    "EMPTY_STR": ("''", lambda c: ""),
    "HTML_STR": (repr(MARK), lambda c: MARK),
    "TEX_STR": (r"'$\kazoo$'", lambda c: "$\\kazoo$"),
    "NUL_STR": (r"'\x00'", lambda c: "\x00"),
    "LONG_STR": ("'x' * 10**6", lambda c: "x" * 10**6),
    "UNICODE_STR": ("'𝄞 ♭♯ é'", lambda c: "𝄞 ♭♯ é"),
    "NUMBER_STR": ("'60'", lambda c: "60"),
    "BYTES": (r"b'\x00\xff'", lambda c: b"\x00\xff"),
    "EMPTY_LIST": ("[]", lambda c: []),
    "HUGE_LIST": ("[60] * 10**6", lambda c: [60] * 10**6),
    "HUGE_ITER": ("iter([60] * 10**6)", lambda c: iter([60] * 10**6)),
    "NESTED_LIST": ("[[[]]]", lambda c: [[[]]]),
    "DEEP_LIST": ("a list nested 60 deep", lambda c: _nested(60)),
    "SELF_LIST": ("a = []; a.append(a)", lambda c: _self_list()),
    "NONE_LIST": ("[None, None]", lambda c: [None, None]),
    "NAN_LIST": ("[nan, 1.0]", lambda c: [float("nan"), 1.0]),
    "DICT": ("{}", lambda c: {}),
    "NESTED_DICT": ("{'a': {'b': {'c': None}}}", lambda c: {"a": {"b": {"c": None}}}),
    "SET": ("{1, 2}", lambda c: {1, 2}),
    "ARRAY_EMPTY": ("np.zeros(0)", lambda c: _np("np.zeros(0)")),
    "ARRAY_NAN": ("np.full(64, nan)", lambda c: _np("np.full(64, nan)")),
    "ARRAY_3D": ("np.zeros((2, 2, 2))", lambda c: _np("np.zeros((2, 2, 2))")),
    "ARRAY_STR": ("np.array(['a', 'b'])", lambda c: _np("np.array(['a', 'b'])")),
    "ARRAY_LONG": ("np.ones(3 * 10**7, np.float32)", lambda c: _np("np.ones(3 * 10**7, np.float32)")),
    "MOTIF": ("a Motif", lambda c: c.hero),
    "CUE": ("a Cue", lambda c: c.cue),
    "TEMPO_MAP": ("a TempoMap", lambda c: c.tempo_map),
    "OBJECT": ("object()", lambda c: object()),
    "FUNCTION": ("lambda *a, **k: None", lambda c: (lambda *a, **k: None)),
    "TYPE": ("int (the type)", lambda c: int),
    "FIGURE": ("a matplotlib Figure", lambda c: _figure()),
    "PATH_PASSWD": ("Path('/etc/passwd')", lambda c: Path("/etc/passwd")),
    "PATH_DEV_ZERO": ("'/dev/zero'", lambda c: "/dev/zero"),
    "PATH_DOTDOT": ("'../up.wav'", lambda c: "../up.wav"),
    "PATH_TRAVERSAL": ("'../../../../../../../../etc/passwd'", lambda c: "../../../../../../../../etc/passwd"),
    "PATH_SYMLINK": ("a symlink leading out of the sandbox", lambda c: str(c.links / "link.wav")),
    "PATH_SYMLINK_DIR": ("a file in a symlinked folder outside", lambda c: str(c.links / "outdir" / "new.wav")),
    "PATH_MISSING_DIR": ("'no/such/dir/out.wav'", lambda c: "no/such/dir/out.wav"),
    "PATH_DIR": ("'.' (a folder)", lambda c: "."),
    "PATH_FIFO": ("a FIFO named pipe.mid", lambda c: str(c.links / "pipe.mid")),
    "PATH_MIDI": ("a valid .mid file", lambda c: c.file(".mid")),
    "PATH_XML": ("a valid .musicxml file", lambda c: c.file(".musicxml")),
    "PATH_WAV": ("a valid .wav file", lambda c: c.file(".wav")),
}
HOSTILE_IDS = tuple(HOSTILE)
#: Parameters that take HTML by contract (the package's own markup), so raw markup there is no leak.
RAW_HTML_PARAMS = {"scoring.render.html:card": {"notation", "player", "extra"},
                   "scoring.render.html:grid": {"cells"}, "scoring.render.html:HTML": {"html"}}
#: Tokens that make a result suspicious when a number was expected (the rule: reject bool, NaN, inf).
REJECT_TOKENS = {"TRUE", "NAN", "INF", "NEG_INF", "NP_NAN", "NP_BOOL"}


def token_text(token) -> str:
    """A token as written on a reproduction line: ``NAN``, ``int:5``, ``float:1e+300``, ``text:'ab'``."""
    if isinstance(token, tuple):
        kind, value = token
        return f"{kind}:{value!r}" if kind == "text" else f"{kind}:{value}"
    return token


def parse_token(text: str):
    """Inverse of :func:`token_text`."""
    if text in HOSTILE:
        return text
    kind, _, value = text.partition(":")
    if kind == "int":
        return ("int", int(value))
    if kind == "float":
        return ("float", float(value))
    if kind == "text":
        return ("text", ast.literal_eval(value))
    raise SystemExit(f"unknown token {text!r}; use one of {', '.join(HOSTILE)} or int:/float:/text:")


def describe_token(token) -> str:
    return HOSTILE[token][0] if token in HOSTILE else repr(token[1])


def make_value(token, ctx: Ctx, base_value):
    """The value a token names (``NP_SAME`` turns the valid value into a NumPy number)."""
    if isinstance(token, tuple):
        return token[1]
    if token == "NP_SAME":
        if isinstance(base_value, bool) or not isinstance(base_value, (int, float)):
            return np.int64(3)
        return np.int64(base_value) if isinstance(base_value, int) else np.float64(base_value)
    return HOSTILE[token][1](ctx)


# ---------------------------------------------------------------------------- valid sample values
def _path_for(leaf: str, ctx: Ctx) -> str:
    """A path fitting a function by its name: a file to read for readers, a new file for writers."""
    low = leaf.lower()
    reading = any(w in low for w in ("read", "load", "from_file", "readable", "parse"))
    suffix = ".mid" if "midi" in low else ".musicxml" if "musicxml" in low or "xml" in low else \
        ".csv" if "csv" in low else ".json" if "scene" in low else ".wav"
    if reading:
        return ctx.file(".mid" if suffix == ".wav" else suffix)
    return f"out{suffix}"


def _good_by_annotation(annotation: str, ctx: Ctx):
    a = annotation
    for word, make in (("Motif", lambda: ctx.hero), ("Cue", lambda: ctx.cue), ("TempoMap", lambda: ctx.tempo_map),
                       ("ndarray", lambda: ctx.tone), ("Scene", lambda: ctx.scene), ("Dialogue", lambda: ctx.scene),
                       ("tuple[", lambda: ()), ("Sequence[", lambda: []), ("list[", lambda: []),
                       ("bool", lambda: False), ("float", lambda: 1.0), ("int", lambda: 1), ("str", lambda: "x")):
        if word in a:
            return make()
    return None


def good_value(name: str, annotation: str, leaf: str, ctx: Ctx):
    """A valid value for a required parameter, by its name (then by its annotation)."""
    h = ctx.hero
    table = {
        "motif": lambda: h, "music": lambda: h, "theme": lambda: h, "original": lambda: h, "cell": lambda: h,
        "version": lambda: h.invert(), "motifs": lambda: [h, h.invert()], "versions": lambda: [h.invert()],
        "cue": lambda: ctx.cue, "parts": lambda: h, "tempo_map": lambda: ctx.tempo_map,
        "clock": lambda: ctx.tempo_map, "tempo": lambda: 96, "bpm": lambda: 96.0, "to_bpm": lambda: 120.0,
        "fps": lambda: 24, "sample_rate": lambda: 44100, "samples": lambda: ctx.tone, "y": lambda: ctx.tone,
        "dry": lambda: ctx.tone, "audio": lambda: ctx.tone, "seconds": lambda: 2.0, "start": lambda: 0.0,
        "end": lambda: 2.0, "at": lambda: 1.0, "beat": lambda: 2, "beats": lambda: 8, "start_beat": lambda: 0,
        "end_beat": lambda: 4, "until_beat": lambda: 8, "until": lambda: 8, "time_signature": lambda: "4/4",
        "ts": lambda: "4/4", "key": lambda: "C major", "mode": lambda: "minor", "tonic_pc": lambda: 0,
        "midi": lambda: 64, "pitch": lambda: 60, "pitches": lambda: [60, 64, 67], "degree": lambda: 2,
        "alteration": lambda: 0, "octave": lambda: 5, "name": lambda: "Hero", "title": lambda: "Hero",
        "label": lambda: "call", "text": lambda: "c4 e g" if "parse" in leaf else "Hello there.",
        "path": lambda: _path_for(leaf, ctx), "name_or_path": lambda: "kitchen_dialogue",
        "instrument": lambda: "Cello", "program": lambda: 40, "velocity": lambda: 80, "level": lambda: "mf",
        "interval": lambda: "P5", "axis": lambda: 60, "factor": lambda: 2, "n": lambda: 1, "steps": lambda: [0, 1, 2],
        "html": lambda: "<b>hit</b>", "fig": _figure, "svg_text": lambda: "<svg/>", "png": lambda: b"\x89PNG",
        "alt": lambda: "a plot", "cells": lambda: ["<p>a</p>"], "xml": lambda: h.musicxml(),
        "music_score": lambda: h.to_stream(), "stream": lambda: h.to_stream(),
        "voices": lambda: [("melody", [(0, 1, 60, 80), (1, 1, 64, 80)])], "tc": lambda: "00:00:02:00",
        "frames": lambda: 48, "s": lambda: 2.0, "click": lambda: "15-0", "value": lambda: 1.0, "x": lambda: 1.0,
        "hits": lambda: [1.0, 2.0], "times": lambda: [0.5, 1.0], "lines": lambda: [(0.5, 1.0, "ANNA", "Hi.")],
        "who": lambda: "ANNA", "chords": lambda: [["C4", "E4", "G4"]], "symbol": lambda: "I",
        "duration": lambda: fractions.Fraction(1), "role": lambda: "melody", "scene": lambda: ctx.scene,
        "data": lambda: {}, "items": lambda: [h, h.invert()], "events": lambda: (), "layers": lambda: tuple(ctx.cue.layers), "what": lambda: "value", "fix": lambda: "give a number",
    }
    if name == "notes":
        return tuple(h.notes) if "Note" in annotation and "str" not in annotation else ["C4", "E4", "G4"]
    if name == "events" and "NoteEvent" in annotation:
        from scoring.render.synth import NoteEvent

        return [NoteEvent(0.0, 0.5, 69, 100, 40)]
    if name in table:
        return table[name]()
    return _good_by_annotation(annotation, ctx)


# ---------------------------------------------------------------------------- discovery
def _public_names(mod) -> tuple[list[str], bool]:
    names = getattr(mod, "__all__", None)
    if names is not None:
        return list(names), True
    return [n for n, v in vars(mod).items()
            if not n.startswith("_") and getattr(v, "__module__", None) == mod.__name__ and callable(v)], False


def _params(fn, *, drop_first: bool) -> list[str]:
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return []
    ps = list(sig.parameters.values())[1 if drop_first else 0:]
    return [("*" if p.kind is p.VAR_POSITIONAL else "") + p.name for p in ps
            if not p.name.startswith("_") and p.kind is not p.VAR_KEYWORD]


def _resolve(target_id: str):
    """(owner class or None, the raw object: function, class, classmethod or staticmethod)."""
    modname, qual = target_id.split(":")
    obj, owner = importlib.import_module(modname), None
    for part in qual.split("."):
        owner = obj if inspect.isclass(obj) else None
        obj = vars(obj)[part] if owner is not None else getattr(obj, part)
    return owner, obj


def discover() -> tuple[list[dict], list[str]]:
    """Every public callable: ``(targets, problems)``. Each target is a dict with ``id``
    (``module:qualname``), ``module``, ``kind`` and ``params`` (fuzzable names; ``*name`` for ``*args``)."""
    import scoring

    problems: list[str] = []
    modules = []

    def failed(name: str) -> None:
        problems.append(f"{name}: import failed: {traceback.format_exception_only(*sys.exc_info()[:2])[-1].strip()}")

    def walk(path, prefix: str) -> None:
        for info in pkgutil.iter_modules(path, prefix):
            if info.name.startswith(SKIP_MODULES):
                continue
            try:
                mod = importlib.import_module(info.name)
            except Exception:  # noqa: BLE001 - a module another engineer is editing
                failed(info.name)
                continue
            modules.append(mod)
            if info.ispkg:
                walk(mod.__path__, info.name + ".")

    walk(scoring.__path__, "scoring.")
    targets, seen = [], set()
    for mod in sorted(modules, key=lambda m: m.__name__):
        names, has_all = _public_names(mod)
        if not has_all:
            problems.append(f"{mod.__name__}: no __all__ (fuzzing its public functions defined there)")
        for name in names:
            obj = getattr(mod, name, None)
            if obj is None and name not in vars(mod):
                problems.append(f"{mod.__name__}: __all__ names {name!r}, which the module does not define")
                continue
            if (not callable(obj) or inspect.ismodule(obj) or id(obj) in seen or getattr(obj, "_is_protocol", False)
                    or type(obj).__module__ == "typing"):  # a Protocol or a Union names a type; it makes nothing
                continue
            seen.add(id(obj))
            home, qual = getattr(obj, "__module__", None), getattr(obj, "__qualname__", name)
            tid = f"{home}:{qual}" if home and home.startswith("scoring.") and "<" not in qual else f"{mod.__name__}:{name}"
            try:
                if _resolve(tid)[1] is not obj:
                    tid = f"{mod.__name__}:{name}"
            except (AttributeError, KeyError, ImportError):
                tid = f"{mod.__name__}:{name}"
            is_class = inspect.isclass(obj)
            targets.append({"id": tid, "module": tid.split(":")[0], "kind": "class" if is_class else "function",
                            "params": _params(obj, drop_first=False)})
            if not is_class or issubclass(obj, BaseException):
                continue
            for mname, member in vars(obj).items():
                if mname.startswith("_"):
                    continue
                if isinstance(member, (classmethod, staticmethod)):
                    kind, fn = type(member).__name__, member.__func__
                elif inspect.isfunction(member):
                    kind, fn = "method", member
                else:
                    continue
                targets.append({"id": f"{tid}.{mname}", "module": tid.split(":")[0], "kind": kind,
                                "params": _params(fn, drop_first=kind != "staticmethod")})
    return targets, problems


# ---------------------------------------------------------------------------- valid example calls
class Base:
    """A target's valid call: the callable (bound to an instance for methods), its signature and values."""

    def __init__(self, fn, values: dict, source: str):
        self.fn, self.values, self.source = fn, values, source
        self.sig = inspect.signature(fn) if _has_signature(fn) else None

    def value_of(self, name: str):
        """The valid value of a parameter: the example's, else the parameter's default."""
        name = name.lstrip("*")
        if name in self.values or self.sig is None or name not in self.sig.parameters:
            return self.values.get(name)
        default = self.sig.parameters[name].default
        return None if default is inspect.Parameter.empty else default


def _has_signature(fn) -> bool:
    try:
        inspect.signature(fn)
        return True
    except (TypeError, ValueError):
        return False


def _find_call(tree: ast.AST, leaf: str, method: bool):
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        hit = (isinstance(f, ast.Attribute) and f.attr == leaf) or (not method and isinstance(f, ast.Name) and f.id == leaf)
        if hit and not any(isinstance(a, ast.Starred) for a in node.args) and all(k.arg for k in node.keywords):
            return node
    return None


def _eval(node: ast.AST, ns: dict):
    return eval(compile(ast.Expression(node), "<doctest>", "eval"), ns)  # noqa: S307 - the package's own doctests


def _from_doctest(doc: str, ns: dict, leaf: str, method: bool):
    """Run a docstring's examples until one calls ``leaf``; return (instance expr value, args, kwargs)."""
    for ex in doctest.DocTestParser().get_examples(doc or ""):
        try:
            tree = ast.parse(ex.source)
        except SyntaxError:
            continue
        node = _find_call(tree, leaf, method) if ex.exc_msg is None else None  # not an example of an error
        if node is not None:
            try:
                inst = _eval(node.func.value, ns) if isinstance(node.func, ast.Attribute) else None
                return inst, [_eval(a, ns) for a in node.args], {k.arg: _eval(k.value, ns) for k in node.keywords}
            except Exception:  # noqa: BLE001 - fall back to the table
                return None
        try:
            exec(compile(ex.source, "<doctest>", "exec"), ns)  # noqa: S102 - the package's own doctests
        except Exception:  # noqa: BLE001
            pass
    return None


def _instance(owner, ctx: Ctx):
    """A sample instance of a class: from its docstring's examples, else from the sample values."""
    from scoring import Cue, Motif, TempoMap

    for cls, make in ((Motif, lambda: ctx.hero), (Cue, lambda: ctx.cue), (TempoMap, lambda: ctx.tempo_map)):
        if owner is cls:
            return make()
    module = sys.modules[owner.__module__]
    docs = [inspect.getdoc(owner)] + [inspect.getdoc(v) for n, v in vars(module).items() if not n.startswith("_")
                                      and getattr(v, "__module__", None) == module.__name__ and callable(v)]
    for doc in docs:
        ns = dict(vars(module))
        for ex in doctest.DocTestParser().get_examples(doc or ""):
            try:
                exec(compile(ex.source, "<doctest>", "exec"), ns)  # noqa: S102 - the package's own doctests
            except Exception:  # noqa: BLE001
                pass
        made = [v for k, v in ns.items() if vars(module).get(k, ns) is not v]
        found = _find_instance(made, owner)
        if found is not None:
            return found
    return _find_instance([ctx.hero, ctx.cue, ctx.tempo_map], owner)


def _find_instance(values: list, owner):
    """The last instance of ``owner`` among ``values``, their items and their attributes (one level down)."""
    def inside(v):
        if isinstance(v, (list, tuple)):
            return list(v)
        try:
            return [x for a in vars(v).values() for x in (a if isinstance(a, (list, tuple)) else [a])]
        except TypeError:
            return []

    for v in reversed(values):
        if inspect.ismodule(v) or inspect.isclass(v) or inspect.isroutine(v):
            continue
        for x in [v] + inside(v):
            if isinstance(x, owner):
                return x
    return None


def make_base(target: dict, ctx: Ctx) -> Base:
    """The valid call of a target, from its doctest (or its class's) and :func:`good_value`."""
    owner, raw = _resolve(target["id"])
    kind, leaf = target["kind"], target["id"].rsplit(".", 1)[-1].split(":")[-1]
    method = kind in ("method", "classmethod", "staticmethod")
    func = raw.__func__ if isinstance(raw, (classmethod, staticmethod)) else raw
    module = sys.modules[(owner or raw).__module__] if hasattr(owner or raw, "__module__") else None
    ns = dict(vars(module)) if module else {}
    found, source = None, "table"
    for doc in [inspect.getdoc(func)] + ([inspect.getdoc(owner)] if method else []):
        found = _from_doctest(doc, dict(ns), leaf, method)
        if found:
            source = "doctest"
            break
    inst = None
    if kind == "method":
        inst = found[0] if found and owner is not None and isinstance(found[0], owner) else _instance(owner, ctx)
        if inst is None:
            raise LookupError(f"no sample instance of {owner.__name__} (its docstring makes none)")
        fn = getattr(inst, leaf)
    elif method:
        fn = getattr(owner, leaf)
    else:
        fn = raw
    values: dict = {}
    if not _has_signature(fn):
        return Base(fn, values, source)
    sig = inspect.signature(fn)
    if found:
        try:
            values = dict(sig.bind_partial(*found[1], **found[2]).arguments)
        except TypeError:
            values, source = {}, "table"
    for p in sig.parameters.values():
        if p.name in values or p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        values[p.name] = good_value(p.name, str(p.annotation), leaf, ctx)
    return Base(fn, values, source)


def build_args(base: Base, values: dict) -> tuple[list, dict]:
    """Positional and keyword arguments for ``base.fn`` from parameter values (defaults left out)."""
    if base.sig is None:
        return [], {}
    params = list(base.sig.parameters.values())
    var_pos = any(p.kind is p.VAR_POSITIONAL for p in params)
    args, kwargs = [], {}
    for p in params:
        if p.kind is p.VAR_POSITIONAL:
            args.extend(values.get(p.name, ()))
        elif p.kind is p.VAR_KEYWORD:
            kwargs.update(values.get(p.name, {}))
        elif p.kind is p.POSITIONAL_ONLY or (var_pos and p.kind is p.POSITIONAL_OR_KEYWORD):
            args.append(values[p.name] if p.name in values else p.default)
        elif p.name in values:
            kwargs[p.name] = values[p.name]
    return args, kwargs


# ---------------------------------------------------------------------------- judging
_EXPECT = re.compile(r"\b(expected|expects?|must|should|give|use|try|choose|not an?|takes?|needs?|requires?|"
                     r"between|at least|at most|one of|only|outside|over|above|below|positive|whole number)\b", re.I)


def _scoring_dir() -> str:
    import scoring

    return str(Path(scoring.__file__).resolve().parent) + os.sep


def judge_exception(exc: BaseException, names: list[str]) -> str:
    """The outcome kind of an exception a call raised.

    * :class:`~scoring.errors.ScoringError` is a clear error.
    * A ``TypeError``/``ValueError`` is a clear error when a ``raise`` statement in the package
      raised it and its message names one of the call's parameters or says what is expected
      ("must", "give", "expected", "one of", ...), or when Python refused the call's arguments
      before the function ran. Anything else is a raw error (a ``KeyError``, an ``IndexError``, a
      ``TypeError`` from ``float(None)`` or from inside NumPy, music21 or matplotlib...).
    * ``MemoryError`` is memory.
    """
    from scoring.errors import ScoringError

    if isinstance(exc, ScoringError):
        return "clear error"
    if isinstance(exc, MemoryError):
        return "memory"
    if isinstance(exc, SandboxWrite):
        return "write outside"
    if not isinstance(exc, (TypeError, ValueError)):
        return "raw error"
    frames = traceback.extract_tb(exc.__traceback__)
    last = frames[-1] if frames else None
    if last is None or last.filename == str(HARNESS) or last.filename == __file__:
        return "clear error"  # Python refused the arguments at the call itself
    line = (last.line or linecache.getline(last.filename, last.lineno)).strip()
    msg = str(exc)
    if last.filename.startswith(_scoring_dir()) and line.startswith("raise"):
        named = any(re.search(rf"\b{re.escape(n.lstrip('*'))}\b", msg) for n in names)
        if named or _EXPECT.search(msg):
            return "clear error"
    return "raw error"


def _where(tb) -> str:
    """The innermost frame of a traceback, and the innermost frame in the package if that is elsewhere."""
    frames = traceback.extract_tb(tb)
    if not frames:
        return ""
    sd = _scoring_dir()

    def short(f):
        name = f.filename
        for root in (str(ROOT) + os.sep, sd.rsplit("scoring", 1)[0]):
            if name.startswith(root):
                name = name[len(root):]
                break
        if "site-packages" in name:
            name = name.split("site-packages" + os.sep, 1)[1]
        return f"{name}:{f.lineno}"

    last = frames[-1]
    ours = [f for f in frames if f.filename.startswith(sd)]
    if ours and ours[-1] is not last:
        return f"{short(ours[-1])} -> {short(last)}"
    return short(last)


_HTML_TAG = re.compile(r"<(div|span|img|svg|audio|video|table|tr|td|th|p|b|i|a|ul|ol|li|h[1-6]|br|style|figure|"
                       r"figcaption|details|summary|pre|code|em|strong|section|button|input|label)\b", re.I)


def html_leak(result) -> str | None:
    """Where the hostile text shows unescaped in a result's HTML (``_repr_html_`` or an HTML string)."""
    texts = []
    if hasattr(result, "_repr_html_") and not inspect.isclass(result):
        texts.append(result._repr_html_())
    elif isinstance(result, str) and _HTML_TAG.search(result.replace(MARK, "")):
        texts.append(result)
    elif isinstance(result, (list, tuple)):
        texts.extend(r for r in result if isinstance(r, str) and _HTML_TAG.search(r.replace(MARK, "")))
    for text in texts:
        if not isinstance(text, str):
            continue
        for bad in ("<script>'", "'\"&"):
            i = text.find(bad)
            if i >= 0:
                return text[max(0, i - 60):i + 40].replace("\n", " ")
    return None


def _suspicious(result, tokens: dict, base: Base) -> bool:
    """A result from a call given bool/NaN/inf where a number was expected (the rule says reject them)."""
    for name, tok in tokens.items():
        v = base.value_of(name)
        if tok in REJECT_TOKENS and isinstance(v, (int, float)) and not isinstance(v, bool):
            return True
    return False


# ---------------------------------------------------------------------------- the sandbox
class SandboxWrite(PermissionError):
    """A write outside the worker's sandbox, refused by the audit hook."""


_WRITE_EVENTS = {"os.mkdir", "os.rename", "os.remove", "os.rmdir", "os.symlink", "os.link", "os.truncate",
                 "os.chmod", "os.chown", "os.utime", "shutil.rmtree", "shutil.copyfile", "shutil.copymode",
                 "shutil.copystat", "shutil.copytree", "shutil.move", "shutil.make_archive", "os.mkfifo", "os.mknod"}


class Sandbox:
    """The audit hook that refuses and records writes outside ``root`` (the worker's temporary folder)."""

    def __init__(self, root: Path):
        self.root = str(root.resolve()) + os.sep
        self.violations: list[str] = []
        self.active = False
        self._inside = False

    def allowed(self, path) -> bool:
        if isinstance(path, int):
            return True
        if isinstance(path, bytes):
            path = path.decode("utf-8", "replace")
        path = os.fspath(path)
        if "\x00" in path:
            return True  # the open itself will fail
        real = os.path.realpath(os.path.abspath(path))
        return real.startswith(self.root) or real.startswith("/dev/") or real == "/dev/null"

    def hook(self, event: str, args) -> None:
        if not self.active or self._inside:
            return
        writing = False
        if event == "open":
            path, mode, flags = (list(args) + [None, None, 0])[:3]
            writing = bool((isinstance(mode, str) and any(c in mode for c in "wax+"))
                           or (isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_APPEND
                                                                   | os.O_CREAT | os.O_TRUNC)))
            paths = [path]
        elif event in _WRITE_EVENTS:
            writing, paths = True, [a for a in args[:2] if isinstance(a, (str, bytes, os.PathLike))]
        if not writing:
            return
        self._inside = True
        try:
            bad = [p for p in paths if p is not None and not self.allowed(p)]
        finally:
            self._inside = False
        if bad:
            self.violations.append(f"{event} {os.fspath(bad[0])!r}")
            raise SandboxWrite(f"fuzz sandbox: {event} of {os.fspath(bad[0])!r} is outside the temporary folder")


# ---------------------------------------------------------------------------- the worker
def set_memory_cap(megabytes: int) -> None:
    cap = int(megabytes) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _status_kb(field: str) -> int:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


class Runner:
    """Runs calls inside one process: the worker's state (sandbox, sample values, valid calls)."""

    def __init__(self, root: Path):
        self.root = root
        self.ctx = Ctx(root)
        self.ctx.prepare()
        self.sandbox = Sandbox(root)
        self.bases: dict[str, Base | Exception] = {}
        self.targets: dict[str, dict] = {}
        self.count = 0
        self.keep_traceback = False

    def base(self, target_id: str) -> Base:
        if target_id not in self.bases:
            try:
                self.bases[target_id] = make_base(self.targets[target_id], self.ctx)
            except Exception as exc:  # noqa: BLE001 - reported as a skipped target
                self.bases[target_id] = exc
            self._tidy()
        b = self.bases[target_id]
        if isinstance(b, Exception):
            raise b
        return b

    def _tidy(self) -> None:
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")

    def _invoke(self, base: Base, values: dict):
        args, kwargs = build_args(base, values)
        result = base.fn(*args, **kwargs)
        if inspect.isgenerator(result) or (hasattr(result, "__next__") and hasattr(result, "__iter__")):
            result = list(itertools.islice(result, 100_000))
        return result

    def run(self, call: tuple) -> dict:
        """Run one call; return its outcome (a plain dict)."""
        target_id, pairs = call
        tokens = dict(pairs)
        out = {"kind": "result", "exc": "", "message": "", "where": "", "seconds": 0.0, "peak_mb": 0.0,
               "suspicious": False, "note": ""}
        try:
            base = self.base(target_id)
        except Exception as exc:  # noqa: BLE001
            out.update(kind="skipped", exc=type(exc).__name__, message=str(exc)[:300])
            return out
        try:
            values = self.values(base, tokens)
        except Exception as exc:  # noqa: BLE001 - a value the harness could not make (not the package's fault)
            out.update(kind="skipped", exc=type(exc).__name__, message=f"could not make the values: {exc}"[:300])
            return out
        self.count += 1
        cwd = self.root / "calls" / str(self.count)
        cwd.mkdir()
        os.chdir(cwd)
        before = self.ctx.canary_state()
        names = [p.lstrip("*") for p in tokens] or list(values)
        rss0 = _status_kb("VmRSS")
        _reset_peak()
        t0 = time.perf_counter()
        self.sandbox.violations.clear()
        self.sandbox.active = True
        try:
            result = self._invoke(base, values)
            raw = RAW_HTML_PARAMS.get(target_id, set())
            hostile = [p.lstrip("*") for p, t in tokens.items() if t == "HTML_STR"]
            if hostile and not raw.intersection(hostile):   # markup given where markup is the contract: no leak to name
                leak = html_leak(result)
                if leak:
                    out.update(kind="unescaped HTML", message=leak)
            out["suspicious"] = out["kind"] == "result" and _suspicious(result, tokens, base)
            out["result"] = type(result).__name__
        except BaseException as exc:  # noqa: BLE001 - every exception is an outcome
            if isinstance(exc, (KeyboardInterrupt,)):
                raise
            out.update(kind=judge_exception(exc, names), exc=type(exc).__name__,
                       message=" ".join(str(exc).split())[:300], where=_where(exc.__traceback__))
            if self.keep_traceback:
                out["traceback"] = "".join(traceback.format_exception(exc))
        finally:
            self.sandbox.active = False
            out["seconds"] = round(time.perf_counter() - t0, 3)
            out["peak_mb"] = round(max(0, _status_kb("VmHWM") - rss0) / 1024, 1)
            os.chdir(self.root)
            self._tidy()
        if self.sandbox.violations:
            out.update(kind="write outside", note="; ".join(self.sandbox.violations[:3]))
        changed = _diff(before, self.ctx.canary_state())
        if changed:
            out.update(kind="write outside", note="changed outside the sandbox: " + ", ".join(changed[:3]))
        if out["kind"] == "clear error" and self._numpy_refused(base, tokens):
            out.update(kind="numpy refused", note="the same call with the Python number works")
        if base.source == "table" and not tokens:
            out["note"] = (out["note"] + "; " if out["note"] else "") + "valid call built from the sample table"
        shutil.rmtree(cwd, ignore_errors=True)
        return out

    def values(self, base: Base, tokens: dict, *, keep: tuple = ()) -> dict:
        """The call's parameter values: the valid ones, with the tokens' values put in (except ``keep``)."""
        values = {k: (v.copy() if isinstance(v, (list, dict)) else v) for k, v in base.values.items()}
        for name, tok in tokens.items():
            if name in keep:
                continue
            v = make_value(tok, self.ctx, base.value_of(name))
            values[name.lstrip("*")] = (v,) if name.startswith("*") else v
        return values

    def _numpy_refused(self, base: Base, tokens: dict) -> bool:
        """Whether a call given NumPy numbers (``NP_SAME``) works with the same Python numbers instead."""
        same = [n for n, t in tokens.items() if t == "NP_SAME"]
        if not same or any(isinstance(base.value_of(n), bool) or not isinstance(base.value_of(n), (int, float))
                           for n in same):
            return False
        values = self.values(base, tokens, keep=tuple(same))
        os.chdir(self.root)
        self.sandbox.active = True
        try:
            self._invoke(base, values)
            return True
        except Exception:  # noqa: BLE001 - the Python number fails too
            return False
        finally:
            self.sandbox.active = False
            self._tidy()


def _diff(before: dict, after: dict) -> list[str]:
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


def _send(fd: int, obj) -> None:
    data = pickle.dumps(obj, protocol=4)
    os.write(fd, struct.pack(">Q", len(data)))
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _recv(fd: int):
    head = _read_exact(fd, 8)
    if head is None:
        return None
    body = _read_exact(fd, struct.unpack(">Q", head)[0])
    return None if body is None else pickle.loads(body)  # noqa: S301 - our own worker's messages


def _read_exact(fd: int, n: int) -> bytes | None:
    buf = bytearray()
    while len(buf) < n:
        chunk = os.read(fd, n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def _warm_up(runner: Runner) -> None:
    """Import the heavy libraries and render once, so the first calls are timed fairly."""
    import matplotlib

    matplotlib.use("Agg")
    for name in ("matplotlib.pyplot", "music21", "scipy.signal"):
        importlib.import_module(name)

    runner.ctx.hero.to_audio()
    runner.ctx.hero.svg()
    for suffix in (".mid", ".musicxml", ".wav", ".json"):
        runner.ctx.file(suffix)


def worker_main(rfd: int, wfd: int, root: str, memory_mb: int) -> None:
    """The worker's loop: import everything, say hello with the targets, then run calls until told to stop."""
    faulthandler.enable()
    warnings.simplefilter("ignore")
    sys.setrecursionlimit(3000)
    t0 = time.perf_counter()
    set_memory_cap(memory_mb)
    runner = Runner(Path(root))
    os.chdir(runner.root)
    targets, problems = discover()
    runner.targets = {t["id"]: t for t in targets}
    _warm_up(runner)
    sys.addaudithook(runner.sandbox.hook)
    _send(wfd, ("hello", targets, problems, round(time.perf_counter() - t0, 2)))
    while True:
        msg = _recv(rfd)
        if msg is None or msg[0] == "stop":
            return
        _, call = msg
        t1 = time.perf_counter()
        try:
            runner.base(call[0])
        except Exception:  # noqa: BLE001 - reported by run()
            pass
        _send(wfd, ("setup", round(time.perf_counter() - t1, 3)))
        _send(wfd, ("done", runner.run(call)))


# ---------------------------------------------------------------------------- the parent: workers and the watch
class Watch:
    """Cheap snapshots of the repository (without .venv, .git, build and caches) and of /tmp's top level."""

    SKIP_DIRS = {".venv", ".git", "build", "__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".hypothesis",
                 "node_modules", ".mypy_cache", ".ruff_cache"}

    def __init__(self, repo: Path, own: Path):
        self.repo, self.own = repo, str(own)

    def snapshot(self) -> dict:
        out = {}
        for dirpath, dirnames, filenames in os.walk(self.repo):
            dirnames[:] = [d for d in dirnames if d not in self.SKIP_DIRS and not d.endswith(".egg-info")]
            for n in filenames:
                p = os.path.join(dirpath, n)
                try:
                    st = os.lstat(p)
                except OSError:
                    continue
                out[p] = (st.st_mtime_ns, st.st_size)
        try:
            with os.scandir("/tmp") as it:
                for e in it:
                    if e.path == self.own:
                        continue
                    try:
                        st = e.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    # a folder's own time changes whenever anything inside it does: only its appearance counts
                    out[e.path] = (0, 0) if e.is_dir(follow_symlinks=False) else (st.st_mtime_ns, st.st_size)
        except OSError:
            pass
        return out

    def changes(self, before: dict, after: dict) -> list[str]:
        """New or changed paths; in the repository, removed ones too."""
        repo = str(self.repo) + os.sep
        gone = [p for p in before if p not in after and p.startswith(repo)]
        return sorted([p for p, v in after.items() if before.get(p) != v] + gone)


class Worker:
    """One worker process and the call it is running (``state``: starting, idle or busy)."""

    def __init__(self, index: int, run_dir: Path, memory_mb: int, synth: str):
        self.index, self.run_dir, self.memory_mb, self.synth = index, run_dir, memory_mb, synth
        self.generation = 0
        self.proc = None
        self.state = "stopped"
        self.phase = ""
        self.call = None
        self.last: dict | None = None    # the outcome of the last call this worker ran
        self.deadline = 0.0
        self.hello = None

    def spawn(self) -> None:
        self.generation += 1
        self.root = self.run_dir / f"w{self.index}-{self.generation}"
        (self.root / "home").mkdir(parents=True)
        (self.root / "tmp").mkdir()
        self.log = self.root.parent / f"w{self.index}-{self.generation}.log"
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        env = dict(os.environ)
        env.update(HOME=str(self.root / "home"), TMPDIR=str(self.root / "tmp"), MPLCONFIGDIR=str(self.root / "mpl"),
                   XDG_CACHE_HOME=str(self.root / "cache"), XDG_CONFIG_HOME=str(self.root / "config"),
                   PYTHONDONTWRITEBYTECODE="1", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
                   MKL_NUM_THREADS="1", PYTHONHASHSEED="0", MPLBACKEND="Agg")
        if self.synth == "builtin":
            env["SCORING_SYNTH"] = "builtin"
        else:
            env.pop("SCORING_SYNTH", None)
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, str(HARNESS), "worker", str(to_child_r), str(from_child_w), str(self.root),
                 str(self.memory_mb)],
                cwd=self.root, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                pass_fds=(to_child_r, from_child_w), start_new_session=True)
        os.close(to_child_r)
        os.close(from_child_w)
        self.wfd, self.rfd = to_child_w, from_child_r
        self.state, self.phase, self.hello = "starting", "", None
        self.deadline = time.monotonic() + SETUP_TIMEOUT

    def kill(self) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait()
        self.close_fds()
        self.proc, self.state = None, "stopped"

    def close_fds(self) -> None:
        for fd in (self.rfd, self.wfd):
            try:
                os.close(fd)
            except OSError:
                pass

    def stop(self) -> None:
        if self.proc is None:
            return
        try:
            _send(self.wfd, ("stop",))
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()

    def log_tail(self, lines: int = 6) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        keep = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("Extension modules:")]
        return " | ".join(keep[-lines:])[-600:]


def _outcome(kind: str, message: str, *, note: str = "", seconds: float = 0.0) -> dict:
    return {"kind": kind, "exc": "", "message": message, "where": "", "seconds": seconds, "peak_mb": 0.0,
            "suspicious": False, "note": note}


class Pool:
    """Worker processes that run calls in parallel, each call with a timeout; restarts workers that die.

    After every call the repository and /tmp are compared with the last snapshot; a change makes
    the calls then running suspects. At the end each suspect runs again alone, twice, each time
    after a quiet spell of the same length with no call: a path that changes during both runs and
    in neither quiet spell is a write outside (a log another program keeps writing is not).
    """

    def __init__(self, workers: int = 2, *, timeout: float = DEFAULT_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB,
                 synth: str = "builtin", progress=None):
        self.timeout, self.memory_mb = timeout, memory_mb
        self.run_dir = Path(tempfile.mkdtemp(prefix="scoring-fuzz-"))
        self.workers = [Worker(i, self.run_dir, memory_mb, synth) for i in range(workers)]
        self.watch = Watch(ROOT, self.run_dir)
        self.outcomes: list[tuple[tuple, dict]] = []
        self.suspects: dict[tuple, list[str]] = {}
        self.seen: set = set()
        self.progress = progress
        self.targets: list[dict] = []
        self.problems: list[str] = []
        self.startup: list[float] = []
        self.restarts = 0
        self.rechecked = 0
        self._confirming = False
        self._last_outcome: dict | None = None

    # -- life cycle
    def __enter__(self) -> "Pool":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        for w in self.workers:
            w.spawn()
        while any(w.state == "starting" for w in self.workers):
            self._poll()
        self.last = self.watch.snapshot()

    def close(self) -> None:
        for w in self.workers:
            w.stop()
        shutil.rmtree(self.run_dir, ignore_errors=True)

    # -- running calls
    def submit(self, call: tuple) -> None:
        """Queue a call (duplicates are run once); waits while every worker is busy."""
        key = (call[0], tuple(sorted(call[1], key=lambda pair: pair[0])))
        if key in self.seen:
            return
        self.seen.add(key)
        while True:
            idle = [w for w in self.workers if w.state == "idle"]
            for w in idle:
                if w.proc.poll() is not None:  # died between calls: a thread the last call left behind
                    self._died_idle(w)
            idle = [w for w in idle if w.state == "idle"]
            if idle:
                self._dispatch(idle[0], key)
                return
            self._poll()

    def finish(self) -> None:
        while any(w.state in ("busy", "starting") for w in self.workers):
            self._poll()
        self._confirm_suspects()

    def run(self, calls) -> list[tuple[tuple, dict]]:
        for call in calls:
            self.submit(call)
        self.finish()
        return self.outcomes

    def _dispatch(self, w: Worker, call: tuple) -> None:
        w.call, w.state, w.phase, w.setup = call, "busy", "setup", 0.0
        w.deadline = time.monotonic() + SETUP_TIMEOUT
        try:
            _send(w.wfd, ("call", call))
        except OSError:
            self._died(w)

    def _poll(self) -> None:
        waiting = [w for w in self.workers if w.state in ("busy", "starting")]
        if not waiting:
            return
        wait = max(0.0, min(w.deadline for w in waiting) - time.monotonic())
        ready, _, _ = select.select([w.rfd for w in waiting], [], [], wait)
        for w in waiting:
            if w.rfd in ready:
                msg = _recv(w.rfd)
                if msg is None:
                    self._died(w)
                elif msg[0] == "hello":
                    w.hello, w.state = msg, "idle"
                    self.startup.append(msg[3])
                    if not self.targets:
                        self.targets, self.problems = msg[1], msg[2]
                elif msg[0] == "setup":
                    w.phase, w.deadline = "call", time.monotonic() + self.timeout
                    w.setup = msg[1]
                elif msg[0] == "done":
                    w.state = "idle"
                    self._record(w, dict(msg[1], setup=w.setup))
            elif time.monotonic() >= w.deadline:
                if w.state == "starting":
                    tail = w.log_tail(12)
                    w.kill()
                    raise RuntimeError(f"fuzz worker did not start within {SETUP_TIMEOUT:g} s: {tail}")
                phase = w.phase
                w.kill()
                self._record(w, _outcome("hang", f"no answer within {self.timeout if phase == 'call' else SETUP_TIMEOUT:g} s",
                                         note="while building the valid call" if phase == "setup" else "",
                                         seconds=self.timeout), restart=True)

    def _died(self, w: Worker) -> None:
        if w.state == "starting":
            tail = w.log_tail(12)
            w.kill()
            raise RuntimeError(f"fuzz worker did not start: {tail}")
        code = w.proc.wait()
        tail = w.log_tail()
        memory = any(s in tail for s in ("bad_alloc", "Cannot allocate memory", "MemoryError", "out of memory"))
        how = f"killed by signal {signal.Signals(-code).name}" if code < 0 else f"exited with status {code}"
        w.kill()
        self._record(w, _outcome("memory" if memory else "crash", f"worker {how}", note=tail), restart=True)

    def _died_idle(self, w: Worker) -> None:
        code = w.proc.wait()
        tail = w.log_tail()
        w.kill()
        self.restarts += 1
        w.spawn()
        if w.last is not None:
            how = f"killed by signal {signal.Signals(-code).name}" if code < 0 else f"exited with status {code}"
            w.last.update(kind="crash", message=f"worker {how} after this call returned", note=tail)

    def _record(self, w: Worker, outcome: dict, *, restart: bool = False) -> None:
        call, w.call, w.last = w.call, None, outcome
        if restart:
            self.restarts += 1
            w.spawn()
        if self._confirming:
            self._last_outcome = outcome
            return
        self.outcomes.append((call, outcome))
        now = self.watch.snapshot()
        changed = self.watch.changes(self.last, now)
        self.last = now
        if changed:
            # which call wrote is unclear with two workers (or another program): check each one alone later
            for c in [call] + [x.call for x in self.workers if x.call is not None]:
                self.suspects.setdefault(c, changed)
        if self.progress:
            self.progress(len(self.outcomes), call, outcome)

    def _confirm_suspects(self) -> None:
        """Run each call suspected of writing outside alone (see the class's note)."""
        if not self.suspects:
            return
        index = {c: i for i, (c, _) in enumerate(self.outcomes)}
        self.rechecked += len(self.suspects)
        self._confirming = True
        try:
            for call in list(self.suspects):
                written = None
                for _ in range(2):
                    ran, seconds = self._alone(call)
                    before = self.watch.snapshot()
                    time.sleep(max(0.5, seconds))
                    quiet = set(self.watch.changes(before, self.watch.snapshot()))
                    written = (set(ran) - quiet) & (written if written is not None else set(ran))
                    if not written:
                        break
                if written and call in index:
                    self.outcomes[index[call]][1].update(
                        kind="write outside", note="changed outside the sandbox: " + ", ".join(sorted(written)[:3]))
        finally:
            self._confirming = False
        self.suspects = {}
        self.last = self.watch.snapshot()

    def _alone(self, call: tuple) -> tuple[list[str], float]:
        """Run one call while no other runs; the paths it changed outside, and how long it took."""
        w = next(x for x in self.workers if x.state in ("idle", "starting"))
        while w.state == "starting":
            self._poll()
        before, t0 = self.watch.snapshot(), time.monotonic()
        self._dispatch(w, call)
        while w.state == "busy":
            self._poll()
        return self.watch.changes(before, self.watch.snapshot()), time.monotonic() - t0


# ---------------------------------------------------------------------------- reports
def repro(call: tuple) -> str:
    """The one-line command that reruns a call."""
    target, pairs = call
    rel = os.path.relpath(HARNESS, ROOT)
    parts = [".venv/bin/python", rel, "repro", target] + [f"{p}={token_text(t)}" for p, t in pairs]
    return " ".join(shlex.quote(x) for x in parts)


def describe_call(call: tuple) -> str:
    target, pairs = call
    args = ", ".join(f"{p}={describe_token(t)}" for p, t in pairs) or "(its valid example call)"
    return f"{target}({args})"


class Report:
    """Counts of a fuzz run by outcome kind and by module, and its failing calls."""

    def __init__(self, outcomes: list, *, targets: list, problems: list, seconds: float, startup: list,
                 restarts: int = 0, rechecked: int = 0, seed: int | None = None):
        self.outcomes, self.targets, self.problems = outcomes, targets, problems
        self.seconds, self.startup, self.restarts, self.seed = seconds, startup, restarts, seed
        self.rechecked = rechecked

    @property
    def failures(self) -> list:
        return [(c, o) for c, o in self.outcomes if o["kind"] in FAIL_KINDS]

    def counts(self) -> collections.Counter:
        return collections.Counter(o["kind"] for _, o in self.outcomes)

    def by_module(self) -> dict[str, collections.Counter]:
        out: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        for c, o in self.outcomes:
            out[c[0].split(":")[0]][o["kind"]] += 1
        return dict(sorted(out.items()))

    def summary(self) -> str:
        counts = self.counts()
        lines = [f"fuzz: {len(self.outcomes)} calls of {len({c[0] for c, _ in self.outcomes})} of "
                 f"{len(self.targets)} public callables in {self.seconds:.1f} s "
                 f"(workers started in {', '.join(f'{s:.1f}' for s in self.startup)} s; {self.restarts} restarts; "
                 f"{self.rechecked} rerun alone to check a change outside"
                 + (f"; seed {self.seed}" if self.seed is not None else "") + ")"]
        lines.append("  " + ", ".join(f"{k}: {counts.get(k, 0)}" for k in KINDS))
        return "\n".join(lines)

    def module_table(self) -> str:
        shown = [k for k in KINDS if self.counts().get(k)]
        head = f"{'module':34}" + "".join(f"{k[:13]:>14}" for k in shown)
        rows = [head] + [f"{m:34}" + "".join(f"{c.get(k, 0):>14}" for k in shown) for m, c in self.by_module().items()]
        return "\n".join(rows)

    def failure_table(self, limit: int | None = None) -> str:
        fails = sorted(self.failures, key=lambda co: (co[0][0], co[1]["kind"]))
        if not fails:
            return "no failing calls"
        lines = []
        for call, o in fails[:limit]:
            detail = " ".join(x for x in (o["exc"] + ":" if o["exc"] else "", o["message"], o["note"]) if x)
            lines.append(f"[{o['kind']}] {describe_call(call)}")
            lines.append(f"    {detail[:300]}" + (f"  (at {o['where']})" if o["where"] else ""))
            lines.append(f"    repro: {repro(call)}")
        if limit is not None and len(fails) > limit:
            lines.append(f"... and {len(fails) - limit} more")
        return "\n".join(lines)

    def suspicious_table(self, limit: int = 40) -> str:
        sus = [(c, o) for c, o in self.outcomes if o.get("suspicious")]
        return "\n".join(f"{describe_call(c)} -> {o.get('result', 'a result')}" for c, o in sus[:limit]) or "none"

    def import_failures(self) -> list[str]:
        """Modules that did not import (their functions could not be called at all)."""
        return [p for p in self.problems if "import failed" in p]

    def skipped(self) -> list[str]:
        return sorted({f"{c[0]}: {o['message']}" for c, o in self.outcomes if o["kind"] == "skipped"})


# ---------------------------------------------------------------------------- command line
def _repro_main(argv: list[str]) -> int:
    target = argv[0]
    pairs = tuple((a.split("=", 1)[0], parse_token(a.split("=", 1)[1])) for a in argv[1:])
    top = Path(tempfile.mkdtemp(prefix="scoring-fuzz-repro-"))
    root = top / "w"
    for d in ("home", "tmp", "mpl"):
        (root / d).mkdir(parents=True)
    os.environ.update(SCORING_SYNTH=os.environ.get("SCORING_SYNTH", "builtin"), HOME=str(root / "home"),
                      TMPDIR=str(root / "tmp"), MPLCONFIGDIR=str(root / "mpl"), MPLBACKEND="Agg")
    tempfile.tempdir = None
    set_memory_cap(int(os.environ.get("SCORING_FUZZ_MEMORY_MB", DEFAULT_MEMORY_MB)))
    try:
        return _repro(target, pairs, root)
    finally:
        shutil.rmtree(top, ignore_errors=True)


def _repro(target: str, pairs: tuple, root: Path) -> int:
    runner = Runner(root)
    runner.keep_traceback = True
    os.chdir(root)
    targets, _ = discover()
    runner.targets = {t["id"]: t for t in targets}
    if target not in runner.targets:
        print(f"unknown target {target!r}; see: python {os.path.relpath(HARNESS)} list")
        return 2
    sys.addaudithook(runner.sandbox.hook)
    print(describe_call((target, pairs)))
    base = runner.base(target)
    values = runner.values(base, dict(pairs))
    print(f"valid call from the {base.source}; arguments: {', '.join(values) or 'none'}")
    outcome = runner.run((target, pairs))
    print(outcome.pop("traceback", "").rstrip())
    print(outcome)
    return 0 if outcome["kind"] in PASS_KINDS else 1


def main(argv: list[str]) -> int:
    if argv and argv[0] == "worker":
        worker_main(int(argv[1]), int(argv[2]), argv[3], int(argv[4]))
        return 0
    if argv and argv[0] == "repro":
        return _repro_main(argv[1:])
    if argv and argv[0] == "list":
        targets, problems = discover()
        for t in targets:
            print(f"{t['id']}({', '.join(t['params'])})")
        for p in problems:
            print("problem:", p)
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
