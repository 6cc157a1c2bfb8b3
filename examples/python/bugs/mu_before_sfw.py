#!/usr/bin/env python3
"""Bug: a flush or compaction fires its MU before its SFW (contract §4: SFW before its MU).

The SFW is held back and fired right after the next MU."""

from _base import Engine, run


class MuBeforeSfw(Engine):
    NAME = "python-example bug:mu_before_sfw"
    _held_sfw = None

    def fire_sfw(self, files, on_compactor=False):
        self._held_sfw = (files, on_compactor)

    def fire_mu(self, version, actions, on_compactor=False):
        super().fire_mu(version, actions, on_compactor)
        if self._held_sfw:
            held, self._held_sfw = self._held_sfw, None
            super().fire_sfw(*held)


if __name__ == "__main__":
    run(MuBeforeSfw)
