#!/usr/bin/env python3
"""Bug: ApplyStaging fires MU once, not twice: the staging edit's MU #1 is lost, only the
promotion's MU #2 fires (contract §2 ApplyStaging, seed contract)."""

from _base import Engine, run


class ApplyStagingFiresOnce(Engine):
    NAME = "python-example bug:apply_staging_fires_once"
    _skip_next_mu = False

    def op_ApplyStaging(self, expr):
        self._skip_next_mu = self.role == "Staging"
        try:
            super().op_ApplyStaging(expr)
        finally:
            self._skip_next_mu = False

    def fire_mu(self, version, actions, on_compactor=False):
        if self._skip_next_mu:
            self._skip_next_mu = False
            return
        super().fire_mu(version, actions, on_compactor)


if __name__ == "__main__":
    run(ApplyStagingFiresOnce)
