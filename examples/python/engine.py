#!/usr/bin/env python3
"""A conforming mito2 region engine in Python, speaking hookcheck's process protocol.

Run it under the checker:  hookcheck conform --engine-cmd "python3 examples/python/engine.py"

Written only from docs/contract.md and docs/process-protocol.md (see examples/README.md). The
ops live in `Engine`, one method per op, so that a variant in bugs/ can subclass it and override
one thing. Section numbers (§) point into docs/contract.md.
"""

import sys
from collections import deque

from region import (COMPACTOR_THREAD, DG, LIVE, STAGING, WORKER_THREAD, Action, ContractError,
                    F, FileMeta, Manifest, ManifestLock, S, Version, W)

COPY_SOURCE_BASE = 1000  # copy sources are files 1001 .. 1000+n (§1.3)


class Engine:
    NAME = "python-example 1.0"
    # Protocol v2: callbacks still carry the self-reported lock_held, as the checker's
    # cross-check. False leaves the lock rule to the lock events alone.
    REPORT_LOCK_HELD_IN_V2 = True

    def __init__(self, config, protocol=1):
        self.config = config
        self.protocol = protocol
        self.entries = []  # callbacks (and, in v2, lock events) not yet taken, in order
        self.seq = 0
        self.lock = ManifestLock(self._record_lock)
        self.compactor_lock = ManifestLock(self._record_lock, 2, COMPACTOR_THREAD, True)
        self.fetcher_answers = True  # the engine-wide fetcher plugin (§0.1)
        self.fault = None
        self.followon = deque()
        self._fresh_region()

    # ---- region lifecycle ----------------------------------------------------------------

    def _fresh_region(self):
        """Create: version 0 written directly; everything else empty (§1.1, §1.3)."""
        self.presence = "open"
        self.role = W
        self.live_dir = {0: []}  # persisted live deltas: version -> actions
        self.staging_dir = {}
        self.counter = 0
        self.manifest = Manifest()
        self.version = Version()
        self.memtable = []  # row timestamps
        self.wal = []  # (entry id, ts) of a real WAL
        self.entry_id = 0
        self.sequence = 0
        self.next_file_id = 1
        self._clear_staging()

    def _clear_staging(self):
        self.staging_dir = {}
        self.remap_blob = None
        self.directive = None

    def _discard_staging_role_state(self):
        """Leaving S: the directive goes; staged deltas stay in the staging dir (§2 SetRole)."""
        self.directive = None

    def _replay_live_dir(self):
        manifest = Manifest()
        for v in sorted(self.live_dir):
            for action in self.live_dir[v]:
                manifest.apply(action)
        return manifest

    def _reopen(self, replay_wal):
        """Open's re-read (§1.1, §2 Open): a new instance, as a follower."""
        self.manifest = self._replay_live_dir()
        self.counter = max(self.live_dir)
        expr = self.manifest.expr or (1 if self.fetcher_answers else 0)
        self.version = Version(dict(self.manifest.files), expr, self.manifest.index_opts)
        point = self.manifest.flushed
        if self.manifest.trunc_mark:
            point = max(point, self.manifest.trunc_mark)
        self.memtable = []
        self.entry_id, self.sequence = point
        if replay_wal and not self.config.skip_wal:
            for entry, ts in self.wal:
                if entry > point[0]:
                    self.memtable.append(ts)
                    self.entry_id = entry
                    self.sequence += 1
        elif self.wal:
            self.entry_id = max(self.entry_id, self.wal[-1][0])
        self.presence = "open"
        self.role = F
        self._discard_staging_role_state()

    # ---- hooks and the manifest lock -----------------------------------------------------

    def _record_lock(self, event):
        """Protocol v2 streams lock events in the callbacks' sequence; v1 has none."""
        if self.protocol >= 2:
            self.seq += 1
            self.entries.append(dict(event, seq=self.seq))

    def lock_report(self, on_compactor):
        """What the firing thread holds, as the callback reports it (`lock_held`)."""
        lock = self.compactor_lock if on_compactor else self.lock
        return lock.held, lock.site

    def _hook(self, callback, version=0, actions=(), files=(), on_compactor=False,
              thread=WORKER_THREAD):
        self.seq += 1
        held, site = self.lock_report(on_compactor)
        event = {"kind": "callback", "callback": callback, "version": version,
                 "actions": [a.to_json() for a in actions], "files": sorted(files),
                 "lock_held": held, "lock_site": site, "on_compactor": on_compactor,
                 "thread": thread, "seq": self.seq, "region": 1}
        if self.protocol < 2:
            del event["kind"]
        elif not self.REPORT_LOCK_HELD_IN_V2:
            del event["lock_held"], event["lock_site"]
        self.entries.append(event)

    def fire_sfw(self, files, on_compactor=False):
        self._hook("SFW", files=files, on_compactor=on_compactor,
                   thread=COMPACTOR_THREAD if on_compactor else WORKER_THREAD)

    def fire_mu(self, version, actions, on_compactor=False):
        self._hook("MU", version=version, actions=actions, on_compactor=on_compactor,
                   thread=COMPACTOR_THREAD if on_compactor else WORKER_THREAD)

    # ---- faults ----------------------------------------------------------------------------

    def _strike(self, kind):
        """True once, at the first site of the armed fault's kind (§1.6)."""
        if self.fault and self.fault[0] == kind:
            self.fault = None
            return True
        return False

    def _sync_point(self):
        """Sst:AfterWriteBeforeCommit: a role_change fault runs the lock-free SetRole (§1.6)."""
        if self.fault and self.fault[0] == "role_change":
            role = self.fault[1]
            self.fault = None
            self._set_role(role)

    # ---- one manifest write (§1.2) ------------------------------------------------------

    def _predicate(self, expect):
        """The commit predicate on the current role. A transient expected state (E, A, T, ES)
        is entered from W or S only, so a role changed under the op (F, Dg) fails it."""
        if expect == "compaction":
            return self.role in (W, DG)
        if expect == DG:
            return self.role == DG
        if expect in (W, S):  # Dg passes every non-Downgrading predicate (§7 quirk 1)
            return self.role in (expect, DG)
        return self.role in (W, S)

    @staticmethod
    def _truncation_ok(manifest, actions):
        """§1.2 step 2, when `manifest` has a truncation mark: a flush edit must carry newer
        entries than the mark (an equal entry id needs a sequence newer than the manifest's
        flushed one), and an edit removing files (a compaction's) must remove files the manifest
        holds."""
        mark = manifest.trunc_mark
        if mark is None:
            return True
        for action in actions:
            if action.kind != "Edit":
                continue
            if action.flushed:
                entry, seq = action.flushed
                if entry < mark[0] or (entry == mark[0] and seq <= manifest.flushed[1]):
                    return False
            if any(f not in manifest.files for f in action.remove):
                return False
        return True

    def _write(self, where, actions, expect, fire=True):
        """Returns the MU (version, actions) it fires, or that it would fire when `fire` is
        False; None when v3 suppresses it. Raises ContractError."""
        self.lock.acquire("write", "manifest_write")
        try:
            mu = self._write_locked(where, actions, expect)
        finally:
            self.lock.release()
        if mu and fire:
            self.fire_mu(*mu)
        return mu

    def _write_locked(self, where, actions, expect):
        if not self._predicate(expect):
            raise ContractError("RegionState")
        if not self._truncation_ok(self.manifest, actions):  # staging writes too
            raise ContractError("RegionTruncated")
        self.counter += 1
        v = self.counter
        if self._strike("save_fails"):
            raise ContractError("Storage")
        (self.live_dir if where == LIVE else self.staging_dir)[v] = list(actions)
        if self._strike("rebuild_fails"):
            raise ContractError("Unexpected")
        if where == LIVE:
            for action in actions:
                self.manifest.apply(action)
                self.version.apply(action)
        if where == STAGING and self.config.contract == "v3":
            return None
        return (v, list(actions))

    # ---- shared pieces ---------------------------------------------------------------------

    def _alloc_ids(self, n):
        ids = list(range(self.next_file_id, self.next_file_id + n))
        self.next_file_id += n
        return ids

    def _inline_index(self, rows):
        """Sync mode builds a file with rows its index inline (§1.3)."""
        if self.config.index_mode == "sync" and rows > 0:
            return self.version.index_opts
        return None

    def _require_open(self):
        if self.presence != "open":
            raise ContractError("RegionNotFound")

    def _require(self, roles, code="RegionState"):
        self._require_open()
        if self.role not in roles:
            raise ContractError(code)

    def _flush(self, follow_on):
        """One flush (§2 Flush); the caller checked the role. Raises on failure."""
        started = self.role
        if not self.memtable:
            return
        is_staging = started == S
        fid = self._alloc_ids(1)[0]
        if self._strike("sst_write_fails"):
            raise ContractError("Storage")
        rows = self.memtable
        meta = FileMeta(len(rows), min(rows), max(rows), 0, self._inline_index(len(rows)))
        self.fire_sfw([fid])
        self._sync_point()
        expect = DG if started == DG else (S if self.role == S else W)
        flushed = (self.entry_id, self.sequence)
        self._write(STAGING if is_staging else LIVE,
                    [Action("Edit", add={fid: meta}, flushed=flushed)], expect)
        self.memtable = []
        self.wal = [e for e in self.wal if e[0] > flushed[0]]  # a staging flush trims it too
        if follow_on:
            if not is_staging:
                self._queue_index_builds([fid])
            self.followon.append(lambda: self._auto_compact(check_role=True))

    def _pick(self, files, expire_before):
        """The picker (§1.5): (expired ids, input ids)."""
        expired = sorted(f for f, m in files.items() if expire_before and m.max_ts < expire_before)
        candidates = sorted(f for f in files if f not in expired)
        return expired, (candidates if len(candidates) >= 2 else [])

    @staticmethod
    def _merge(ids, metas):
        """A merge output: its inputs' rows summed, their ts ranges joined, level 1 (§1.5)."""
        group = [metas[i] for i in ids]
        rows = sum(m.rows for m in group)
        return FileMeta(rows, min(m.min_ts for m in group), max(m.max_ts for m in group), 1)

    def _outputs(self, inputs, metas, index_opts):
        """Pairs inputs into outputs (§1.5): [(output id, its inputs, meta)]."""
        groups = [inputs[i:i + 2] for i in range(0, len(inputs), 2)]
        ids = self._alloc_ids(len(groups))
        out = []
        for oid, group in zip(ids, groups):
            meta = self._merge(group, metas)
            if self.config.index_mode == "sync" and meta.rows > 0:
                meta = FileMeta(meta.rows, meta.min_ts, meta.max_ts, 1, index_opts)
            out.append((oid, group, meta))
        return out

    def _compact(self, expire_before=0, failed_outputs=0, crash=False, budget_fails=False):
        """A local compaction (§2 CompactLocal), manual or automatic."""
        expired, inputs = self._pick(self.version.files, expire_before)
        if not expired and not inputs:
            return
        if budget_fails:
            raise ContractError("CompactionFailed")
        if expired:
            try:
                self._write(LIVE, [Action("Edit", remove=expired)], "compaction")
            except ContractError:
                pass  # a failed TTL pre-step is swallowed; the expired files stay
        metas = dict(self.version.files)
        outputs = self._outputs(inputs, metas, self.version.index_opts)
        if crash:
            raise ContractError("CompactionFailed")
        surviving = [o for i, o in enumerate(outputs) if not failed_outputs & (1 << min(i, 7))]
        self.fire_sfw([o[0] for o in surviving])
        self._sync_point()
        add = {oid: meta for oid, _, meta in surviving}
        remove = [f for _, group, _ in surviving for f in group]
        self._write(LIVE, [Action("Edit", add=add, remove=remove)], "compaction")
        self._queue_index_builds(sorted(add))
        self.followon.append(lambda: self._auto_compact(check_role=False))

    def _auto_compact(self, check_role):
        """The stand-in picker's automatic compaction and its re-runs (§1.4, errata 19, 22)."""
        k = self.config.auto_compact_threshold
        if k == 0 or self.presence != "open":
            return
        if check_role and self.role == S:
            return
        if len(self.version.files) < k:
            return
        self._compact()

    def _queue_index_builds(self, fids):
        """Async follow-on builds, one task per file, ascending id (§1.4)."""
        if self.config.index_mode != "async":
            return
        for fid in sorted(fids):
            self.followon.append(("index", fid))

    def _build_index(self, fid):
        """One index build: a live [Edit +id] write (§2 BuildIndex). It runs only in W (§6) and
        writes nothing for a 0-row file, which stays stale (§0.1). Raises when the write fails."""
        meta = self.version.files.get(fid)
        if self.role != W or self.presence != "open" or meta is None:
            return
        if not self.version.stale(meta) or meta.rows == 0:
            return
        built = FileMeta(meta.rows, meta.min_ts, meta.max_ts, meta.level, self.version.index_opts)
        self._write(LIVE, [Action("Edit", add={fid: built})], W)

    def _run_followon(self):
        while self.followon:
            task = self.followon.popleft()
            try:
                if isinstance(task, tuple):
                    self._build_index(task[1])
                else:
                    task()
            except ContractError:
                if isinstance(task, tuple):  # erratum 20: a failed build cancels the waiting
                    self.followon = deque(t for t in self.followon if not isinstance(t, tuple))

    def _staged_actions(self):
        return [a for v in sorted(self.staging_dir) for a in self.staging_dir[v]]

    def _exit_staging(self):
        """Validate and promote the staged actions (§2 ApplyStaging). Returns the MU, unfired;
        None when nothing is staged."""
        staged = self._staged_actions()
        if not staged:
            self._leave_staging()
            return None
        edits = sum(a.kind == "Edit" for a in staged)
        changes = sum(a.kind in ("Change", "PartitionExprChange") for a in staged)
        if edits < 1 or changes != 1:
            raise ContractError("Unexpected")
        mu = self._write(LIVE, staged, W if self.role == W else "E", fire=False)
        self._leave_staging()
        return mu

    def _leave_staging(self):
        self._clear_staging()
        self.role = W

    def _backfill(self):
        """§4.3: a live [Change] when the live manifest has no partition expr and the version
        has one. Its failure is swallowed. Returns the MU, unfired."""
        if self.manifest.expr or not self.version.expr:
            return None
        try:
            return self._write(LIVE, [self._change(self.version.index_opts)], W, fire=False)
        except ContractError:
            return None

    def _change(self, index_opts):
        """A Change carries the version's metadata, the partition expr included (§2 Alter)."""
        return Action("Change", expr=self.version.expr, index_opts=index_opts)

    def _set_role(self, role):
        """The lock-free SetRole (§2 SetRole)."""
        allowed = {F: (F, W, S, DG), W: (F, DG, S), DG: (W, S)}
        if self.role in allowed.get(role, ()):
            if self.role == S and role != S:
                self._discard_staging_role_state()
            self.role = role

    def _fire_merged(self, mus):
        """Fire one MU for the writes of one step: actions in order, version the larger."""
        mus = [m for m in mus if m]
        if mus:
            self.fire_mu(max(v for v, _ in mus), [a for _, acts in mus for a in acts])

    # ---- ops (§2) --------------------------------------------------------------------------

    def op_Put(self, ts):
        self._require_open()
        if self.role in (F, DG) or (self.role == S and self.directive
                                    and self.directive[0] == "reject_all_writes"):
            raise ContractError("RegionState")
        self.memtable.append(ts)
        self.sequence += 1
        if not self.config.skip_wal:
            self.entry_id += 1
            self.wal.append((self.entry_id, ts))

    def op_Flush(self):
        self._require((W, S, DG))
        self._flush(follow_on=True)

    def op_CompactLocal(self, expire_before, failed_outputs, crash, budget_fails):
        self._require((W, S))
        if self.role == S:
            return
        self._compact(expire_before, failed_outputs, crash, budget_fails)

    def op_CompactRemote(self, plugins, expire_before):
        self._require((W, S))
        if self.role == S:
            return
        expired, inputs = self._pick(self.version.files, expire_before)
        if not expired and not inputs:
            return
        compactor = self._replay_live_dir()
        outputs = self._outputs(inputs, dict(self.version.files), compactor.index_opts)
        add = {oid: meta for oid, _, meta in outputs}
        if plugins:
            self.fire_sfw(sorted(add), on_compactor=True)
        action = Action("Edit", add=add, remove=expired + inputs)
        if not self._truncation_ok(compactor, [action]):
            raise ContractError("RegionTruncated")
        self.compactor_lock.acquire("write", "compactor_manifest_write")
        v = max(self.live_dir) + 1
        self.live_dir[v] = [action]
        self.compactor_lock.release()
        if plugins:
            self.fire_mu(v, [action], on_compactor=True)
        self.version.apply(action)
        if self.config.remote_counter == "closed":
            self.manifest.apply(action)
            self.counter = max(self.counter, v)  # staging writes may have gone further
        self._queue_index_builds(sorted(add))

    def _edit_remove(self, remove):
        if self.presence == "open":
            files = self.manifest.files
        elif self.presence == "closed":
            files = self._replay_live_dir().files
        else:
            files = {}
        return sorted(files)[:remove]

    def op_EditRegion(self, add, remove, rows, queued):
        removed = self._edit_remove(remove)
        if add == 0 and not removed:
            raise ContractError("InvalidRequest")
        self._require((W, S), "RegionBusy")
        started = self.role
        where = STAGING if started == S else LIVE
        own, extra = self._alloc_ids(add), self._alloc_ids(queued)
        first_error = None
        added = False
        for ids, rm in ((own, removed), (extra, [])):
            if not ids and not rm:
                continue
            metas = {i: FileMeta(rows) for i in ids}
            try:
                self._write(where, [Action("Edit", add=metas, remove=rm)], "E")
                added = added or bool(ids)
            except ContractError as e:
                first_error = first_error or e
        if started == W and added:
            self.followon.append(lambda: self._auto_compact(check_role=True))
        if first_error:
            raise first_error

    def op_CopyRegion(self, source_files):
        self._require((W,))
        copied = [COPY_SOURCE_BASE + i for i in range(1, source_files + 1)
                  if COPY_SOURCE_BASE + i not in self.manifest.files]
        if copied:
            self._write(LIVE, [Action("Edit", add={f: FileMeta(1) for f in copied})], W)

    def op_EnterStaging(self, directive, expr):
        self._require((W, S))
        wanted = (directive, None if directive == "reject_all_writes" else expr)
        if self.role == S:
            if self.directive != wanted:
                raise ContractError("PartitionMismatch")
            return
        self._flush(follow_on=False)
        if self.role != W:  # the flush's sync point moved the role: W -> ES is refused
            raise ContractError("RegionState")
        self._clear_staging()
        if directive == "update_partition_expr":
            self._write(STAGING, [Action("PartitionExprChange", expr=expr)], "ES")
        self.role = S
        self.directive = wanted

    def op_Remap(self, files):
        self._require((S,))
        self.remap_blob = self._alloc_ids(files)

    def op_ApplyStaging(self, expr):
        self._require((W, S))
        if self.role == W:
            if self.version.expr != expr:
                raise ContractError("RegionState")
            return
        if self.directive != ("update_partition_expr", expr):
            raise ContractError("PartitionMismatch")
        if self.remap_blob is None:
            raise ContractError("Storage")
        blob = {f: FileMeta(1) for f in self.remap_blob}
        self._write(STAGING, [Action("Edit", add=blob)], "E")
        self._fire_merged([self._exit_staging()])

    def op_Alter(self, kind):
        self._require((W,))
        if kind in ("options_only", "noop"):
            return
        self._flush(follow_on=False)
        opts = self.version.index_opts + (1 if kind == "set_indexes" else 0)
        try:
            self._write(LIVE, [self._change(opts)], "A")
        finally:
            if kind == "set_indexes":
                self._queue_index_builds(
                    f for f, m in self.version.files.items() if self.version.stale(m))

    def op_Truncate(self, all, lo, hi):
        self._require((W,))
        if all:
            action = Action("TruncateAll", flushed=(self.entry_id, self.sequence))
            self._write(LIVE, [action], "T")
            self.memtable = []
            return
        files = sorted(f for f, m in self.version.files.items()
                       if lo <= m.min_ts and m.max_ts <= hi)
        if files:
            self._write(LIVE, [Action("TruncatePartial", remove=files)], "T")

    def op_BuildIndex(self):
        self._require((W, S))
        if self.role == S:
            return
        tasks = sorted(f for f, m in self.version.files.items() if self.version.stale(m))
        slots = self.config.index_build_slots
        for start in range(0, len(tasks), slots):
            error = None
            for fid in tasks[start:start + slots]:
                try:
                    self._build_index(fid)
                except ContractError as e:
                    error = error or e
            if error:
                if start + slots < len(tasks):  # erratum 20: the waiting builds are cancelled
                    raise error
                return

    def op_Drop(self):
        self._require((W, S))
        self.presence = "dropped"

    def op_Close(self):
        if self.presence != "open":
            return
        if self.config.skip_wal and self.role in (W, S, DG):
            self._flush(follow_on=False)
            self.memtable = []
        self.presence = "closed"

    def op_Open(self, fetch_partition_expr):
        if self.presence == "open":
            return
        if self.presence == "dropped":
            raise ContractError("RegionNotFound")
        self.fetcher_answers = bool(fetch_partition_expr)
        self._reopen(replay_wal=True)

    def op_Create(self):
        if self.presence == "open":
            return
        if self.presence == "closed":
            self._reopen(replay_wal=True)
            self.role = W
        else:
            self._fresh_region()

    def op_FollowerSync(self):
        self._require((F,))
        for v in sorted(self.live_dir):
            if v > self.counter:
                for action in self.live_dir[v]:
                    self.manifest.apply(action)
                self.counter = v
        m = self.manifest
        self.version = Version(dict(m.files), m.expr, m.index_opts)
        self.memtable = []

    def op_Catchup(self, set_writable):
        self._require_open()
        if self.role in (W, S):
            return
        if self.memtable or max(self.live_dir) > self.counter:
            self._reopen(replay_wal=False)
        self.wal = []
        if not set_writable:
            return
        self.role = W
        self._fire_merged([self._backfill()])

    def op_Gc(self, full_listing=False):
        self._require_open()

    def op_Checkpoint(self):
        self._require_open()

    def op_SetRole(self, role):
        self._require_open()
        self._set_role(role)

    def op_SetRoleGracefully(self, target):
        self._require_open()
        if target == "leader":
            self._require((W, S))
            exit_mu = self._exit_staging() if self.role == S else None
            self._fire_merged([exit_mu, self._backfill()])
        elif target == "staging_leader":
            self._require((W, S))
            if self.role == W:
                self._clear_staging()
                self.role = S
        elif target == "follower":
            self._set_role(F)
            self.role = F
        elif target == "downgrading_leader":
            if self.role in (W, S):
                self._discard_staging_role_state()
                self.role = DG

    # ---- submit ----------------------------------------------------------------------------

    def submit(self, op, fields, fault):
        """Runs one command and its follow-on work; returns the ErrorCode name."""
        self.fault = fault
        result = "Ok"
        try:
            getattr(self, "op_" + op)(**fields)
        except ContractError as e:
            result = e.code
        self._run_followon()
        self.fault = None
        return result

    def observe(self):
        if self.presence != "open":
            return {"presence": self.presence, "role": "W", "live_files": [],
                    "manifest_version": 0, "staged_actions": [], "live_partition_expr": 0}
        short = {F: "F", W: "W", S: "S", DG: "Dg"}[self.role]
        return {"presence": "open", "role": short, "live_files": sorted(self.manifest.files),
                "manifest_version": self.counter,
                "staged_actions": [a.to_json() for a in self._staged_actions()],
                "live_partition_expr": self.manifest.expr}

    def take_events(self):
        entries, self.entries = self.entries, []
        return entries


if __name__ == "__main__":
    from protocol import serve
    sys.exit(serve(Engine))
