#!/usr/bin/env python3
"""Bug: a manifest write whose save failed still fires MU (contract §1.2 step 4: `Storage`,
nothing persisted, no MU)."""

from _base import Engine, run


class FailedSaveFiresMu(Engine):
    NAME = "python-example bug:failed_save_fires_mu"

    def _write(self, where, actions, expect, fire=True):
        try:
            return super()._write(where, actions, expect, fire)
        except Exception as e:
            if getattr(e, "code", None) == "Storage":  # only save_fails raises it here
                self.fire_mu(self.counter, actions)
            raise


if __name__ == "__main__":
    run(FailedSaveFiresMu)
