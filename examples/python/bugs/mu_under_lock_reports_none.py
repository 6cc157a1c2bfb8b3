#!/usr/bin/env python3
"""Bug: MU fires while the manifest write lock is still held, and the callback says
lock_held "none" (contract §4: no callback while the calling thread holds the manifest lock).

Protocol v1 takes lock_held as the engine reports it, so this variant passes a v1 checker.
Protocol v2 streams the lock events, and they show the write lock held around the MU: the
checker derives the rule itself and fails the run with a diff. In v2 this variant leaves
lock_held out (the field is optional there) so that the derived rule, not the cross-check of
the self-report (which would break the engine with exit 4), is what catches it."""

from _base import Engine, run


class MuUnderLockReportsNone(Engine):
    NAME = "python-example bug:mu_under_lock_reports_none"
    REPORT_LOCK_HELD_IN_V2 = False

    def _write(self, where, actions, expect, fire=True):
        self.lock.acquire("write", "manifest_write")
        try:
            mu = self._write_locked(where, actions, expect)
            if mu and fire:
                self.fire_mu(*mu)  # the bug: still under the lock
        finally:
            self.lock.release()
        return mu

    def lock_report(self, on_compactor):
        return "none", ""  # the lie


if __name__ == "__main__":
    run(MuUnderLockReportsNone)
