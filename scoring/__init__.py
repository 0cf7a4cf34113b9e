"""scoring: hear, see and transform film-music motifs in a notebook.

>>> from scoring import Motif
>>> hero = Motif.parse("4/4 c4 e g c'2", name="Hero", tempo=96, instrument="French Horn")
>>> hero.to_mode("minor").augment(2).summary()
'Hero: C4 Eb4 G4 C5 | C minor | 4/4 | 96 BPM | French Horn | 6.2 s'
"""
from .errors import ScoringError
from .model import DYNAMICS, Motif, Note
from .pitch import BRIGHTNESS, MODES
from .display import compare

__all__ = ["BRIGHTNESS", "DYNAMICS", "MODES", "Motif", "Note", "ScoringError", "compare"]
