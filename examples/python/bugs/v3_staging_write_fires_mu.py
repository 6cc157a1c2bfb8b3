#!/usr/bin/env python3
"""Bug: under contract v3 a staging-dir write still fires MU (contract §1.2 step 6: "Under
contract `v3` an MU for a staging-dir write is suppressed (the write still happens)").

It lives on a configuration path only: the default contract (`seed`) fires those MUs. Under
default flags only the named scenarios that pin v3 see it (3 of 195 fail); the generated
sequences and the exhaustive replay run `seed` and pass it. ci/examples.sh reads the line below
and runs the variant with `--contract v3`, where every staging write shows it.
conform-flags: --contract v3
"""

from _base import Engine, run


class V3StagingWriteFiresMu(Engine):
    NAME = "python-example bug:v3_staging_write_fires_mu"

    def _write_locked(self, where, actions, expect):
        mu = super()._write_locked(where, actions, expect)
        if mu is None:  # only v3's suppression of a staging MU returns None
            return (self.counter, list(actions))
        return mu


if __name__ == "__main__":
    run(V3StagingWriteFiresMu)
