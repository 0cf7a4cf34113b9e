"""Register the ``fuzz`` marker, so ``pytest -m fuzz`` (or ``-m "not fuzz"``) selects the fuzz suite."""


def pytest_configure(config):
    config.addinivalue_line("markers", "fuzz: the property-based fuzz suite (SCORING_FUZZ=nightly for the long run)")
