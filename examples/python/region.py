"""The region: mito2's RegionHook contract as docs/contract.md states it, op by op.

Written only from docs/contract.md and docs/process-protocol.md (examples/README.md says how that
was kept). Single-threaded: an op and its follow-on work run to the end before submit returns, so
wait_idle has nothing to wait for. The manifest lock is still modelled: every manifest write takes
it, and hooks are queued while it is held and fired once it is released (contract §1.2 step 6,
§4 first rule). Section numbers (§) point into docs/contract.md.
"""

from dataclasses import dataclass, field, replace
from typing import Optional

# Roles a sequential check can see (contract preamble).
F, W, S, DG = "Follower", "Writable", "Staging", "DowngradingLeader"
ROLE_NAMES = {"F": F, "W": W, "S": S, "Dg": DG, "Follower": F, "Writable": W,
              "Staging": S, "DowngradingLeader": DG}

LIVE, STAGING = "live", "staging"
WORKER_THREAD, COMPACTOR_THREAD = 1, 2


class ContractError(Exception):
    """An op's contract result other than Ok; carries the ErrorCode name."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class FileMeta:
    rows: int
    min_ts: int = 0
    max_ts: int = 0
    level: int = 0
    index: Optional[int] = None  # the index options it was built for; None: no index


@dataclass
class Action:
    kind: str  # Edit, Change, PartitionExprChange, TruncateAll, TruncatePartial
    add: dict = field(default_factory=dict)  # id -> FileMeta
    remove: list = field(default_factory=list)
    expr: int = 0
    index_opts: int = 0  # Change: the metadata's index options it carries
    flushed: Optional[tuple] = None  # flush Edit / TruncateAll: (entry id, sequence)

    def to_json(self):
        expr = self.expr if self.kind == "PartitionExprChange" else 0
        return {"kind": self.kind, "add": sorted(self.add), "remove": sorted(self.remove),
                "expr": expr}


@dataclass
class Manifest:
    """A manifest's state: the live one in memory, or one replayed from a dir."""
    files: dict = field(default_factory=dict)
    expr: int = 0
    index_opts: int = 0
    flushed: tuple = (0, 0)  # persisted flushed (entry id, sequence)
    trunc_mark: Optional[tuple] = None  # (entry id, sequence) of the last TruncateAll

    def copy(self):
        return replace(self, files=dict(self.files))

    def apply(self, action):
        if action.kind == "Edit":
            self.files.update(action.add)
            for fid in action.remove:
                self.files.pop(fid, None)
            if action.flushed:
                self.flushed = max(self.flushed, action.flushed)
        elif action.kind == "Change":
            self.expr, self.index_opts = action.expr, action.index_opts
        elif action.kind == "PartitionExprChange":
            self.expr = action.expr
        elif action.kind == "TruncateAll":
            self.files.clear()
            self.trunc_mark = action.flushed
            self.flushed = max(self.flushed, action.flushed)
        elif action.kind == "TruncatePartial":
            for fid in action.remove:
                self.files.pop(fid, None)


@dataclass
class Version:
    """What reads and pickers see: files, the partition expr, the metadata's index options."""
    files: dict = field(default_factory=dict)
    expr: int = 0
    index_opts: int = 0

    def apply(self, action):
        if action.kind == "Edit":
            self.files.update(action.add)
            for fid in action.remove:
                self.files.pop(fid, None)
        elif action.kind == "Change":
            self.index_opts = action.index_opts
        elif action.kind == "PartitionExprChange":
            self.expr = action.expr
        elif action.kind == "TruncateAll":
            self.files.clear()
        elif action.kind == "TruncatePartial":
            for fid in action.remove:
                self.files.pop(fid, None)

    def stale(self, meta):
        return meta.index is None or meta.index < self.index_opts


@dataclass
class Config:
    contract: str = "seed"
    auto_compact_threshold: int = 0
    index_mode: str = "sync"
    skip_wal: bool = False
    index_build_slots: int = 1
    remote_counter: str = "upstream"


class ManifestLock:
    """A reader-writer manifest lock, single-threaded: it records what is held and streams its
    acquire and release events (protocol v2). The datanode has lock 1; the remote compactor
    node its own, lock 2."""

    def __init__(self, sink, lock_id=1, thread=WORKER_THREAD, on_compactor=False):
        self.held = "none"
        self.site = ""
        self._sink = sink
        self._id, self._thread, self._on_compactor = lock_id, thread, on_compactor

    def _event(self, op, mode):
        event = {"kind": "lock", "op": op, "mode": mode, "thread": self._thread,
                 "lock": self._id, "on_compactor": self._on_compactor}
        if op == "acquire":
            event["site"] = self.site
        return event

    def acquire(self, mode, site):
        assert self.held == "none", "the manifest lock is not re-entrant"
        self.held, self.site = mode, site
        self._sink(self._event("acquire", mode))  # recorded once held

    def release(self):
        self._sink(self._event("release", self.held))  # recorded before letting go
        self.held, self.site = "none", ""
