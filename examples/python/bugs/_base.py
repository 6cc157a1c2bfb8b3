"""Makes the clean engine importable from a variant in bugs/: `from _base import Engine, run`."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from engine import Engine  # noqa: E402  (the path above comes first)
from protocol import serve  # noqa: E402


def run(engine_class):
    sys.exit(serve(engine_class))
