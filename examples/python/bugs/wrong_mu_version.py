#!/usr/bin/env python3
"""Bug: a datanode MU names the version before the one its write consumed (contract §1.1:
every write consumes `last + 1`, and MU carries that version)."""

from _base import Engine, run


class WrongMuVersion(Engine):
    NAME = "python-example bug:wrong_mu_version"

    def fire_mu(self, version, actions, on_compactor=False):
        super().fire_mu(version if on_compactor else version - 1, actions, on_compactor)


if __name__ == "__main__":
    run(WrongMuVersion)
