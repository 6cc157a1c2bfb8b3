"""hookcheck's process protocol (docs/process-protocol.md): one JSON request a line on stdin, one
JSON reply a line on stdout; and the command text form (docs/sequence-format.md)."""

import json
import sys

from region import ROLE_NAMES, Config

INT, BOOL, ROLE = "int", "bool", "role"

# op -> field -> (type or tuple of enum names, default, (lo, hi) for ints).
OPS = {
    "Put": {"ts": (INT, 0, (0, 15))},
    "Flush": {},
    "CompactLocal": {"expire_before": (INT, 0, (0, 16)), "failed_outputs": (INT, 0, (0, 255)),
                     "crash": (BOOL, False, None), "budget_fails": (BOOL, False, None)},
    "CompactRemote": {"plugins": (BOOL, True, None), "expire_before": (INT, 0, (0, 16))},
    "EditRegion": {"add": (INT, 1, (0, 16)), "remove": (INT, 0, (0, 16)),
                   "rows": (INT, 1, (0, 255)), "queued": (INT, 0, (0, 16))},
    "CopyRegion": {"source_files": (INT, 1, (0, 16))},
    "EnterStaging": {"directive": (("update_partition_expr", "reject_all_writes"),
                                   "update_partition_expr", None),
                     "expr": (INT, 1, (1, 3))},
    "Remap": {"files": (INT, 1, (0, 16))},
    "ApplyStaging": {"expr": (INT, 1, (1, 3))},
    "Alter": {"kind": (("add_column", "set_indexes", "format", "options_only", "noop"),
                       "add_column", None)},
    "Truncate": {"all": (BOOL, True, None), "lo": (INT, 0, (0, 15)), "hi": (INT, 15, (0, 15))},
    "BuildIndex": {},
    "Drop": {},
    "Close": {},
    "Open": {"fetch_partition_expr": (BOOL, True, None)},
    "Create": {},
    "FollowerSync": {},
    "Catchup": {"set_writable": (BOOL, True, None)},
    # full_listing: sent by the checker since 49ddb11, in no doc yet; read and ignored, since
    # under the contracts this engine implements Gc is `Ok`, nothing (docs/contract.md §2).
    "Gc": {"full_listing": (BOOL, False, None)},
    "Checkpoint": {},
    "SetRole": {"role": (ROLE, "F", None)},
    "SetRoleGracefully": {"target": (("leader", "staging_leader", "follower",
                                      "downgrading_leader"), "leader", None)},
}
FAULT_KINDS = ("none", "save_fails", "rebuild_fails", "sst_write_fails", "role_change")
FAULT_ROLES = ("F", "W", "Dg")


class ProtocolError(Exception):
    pass


def _value(op, key, text, spec):
    kind, _, bounds = spec
    if kind == INT:
        # The documented ranges are lower bounds only: the checker sends wider values (for
        # instance EditRegion remove=26; DOC-GAPS.md), so any unsigned integer is read.
        if not text.isdigit() or int(text) < bounds[0]:
            raise ProtocolError(f"{op}: {key}={text[:40]} is not an integer >= {bounds[0]}")
        return int(text)
    if kind == BOOL:
        if text not in ("0", "1", "true", "false"):
            raise ProtocolError(f"{op}: {key}={text} is not a boolean")
        return text in ("1", "true")
    if kind == ROLE:
        if text not in ROLE_NAMES or ROLE_NAMES[text] not in (ROLE_NAMES[r] for r in FAULT_ROLES):
            raise ProtocolError(f"{op}: {key}={text} is not one of F, W, Dg")
        return ROLE_NAMES[text]
    if text not in kind:
        raise ProtocolError(f"{op}: {key}={text} is not one of {', '.join(kind)}")
    return text


def parse_command(line):
    """'Op key=value ... fault=KIND[:ROLE]' -> (op, fields, fault or None)."""
    words = line.split("#", 1)[0].split()
    if not words:
        raise ProtocolError("empty command")
    op = words[0]
    if op not in OPS:
        raise ProtocolError(f"unknown op '{op[:40]}'")
    specs = OPS[op]
    fields = {key: spec[1] for key, spec in specs.items()}
    fault, seen = None, set()
    for word in words[1:]:
        key, eq, text = word.partition("=")
        if not eq or key in seen:
            raise ProtocolError(f"{op}: bad or repeated field '{word[:40]}'")
        seen.add(key)
        if key == "fault":
            kind, _, role = text.partition(":")
            if kind not in FAULT_KINDS or (kind == "role_change") != bool(role) or (
                    role and role not in ROLE_NAMES):
                raise ProtocolError(f"{op}: fault={text[:40]} is not a fault")
            fault = None if kind == "none" else (kind, ROLE_NAMES.get(role))
        elif key in specs:
            fields[key] = _value(op, key, text, specs[key])
        else:
            raise ProtocolError(f"{op}: unknown field '{key[:40]}'")
    return op, fields, fault


def parse_config(obj):
    """CONFIG (docs/process-protocol.md) -> Config; refuses what it cannot implement."""
    config = Config()
    if obj is None:
        return config
    if not isinstance(obj, dict):
        raise ProtocolError("config: expected an object")
    checks = {
        # v1 is seed's other name; v2, v4 and v5 (lifecycle and GC callbacks, offline cleanup)
        # are not implemented here, so they get the error reply.
        "contract": lambda v: v in ("seed", "v1", "v3"),
        "auto_compact_threshold": lambda v: type(v) is int and (v == 0 or 2 <= v <= 255),
        "index_mode": lambda v: v in ("sync", "async"),
        "skip_wal": lambda v: type(v) is bool,
        "index_build_slots": lambda v: type(v) is int and 1 <= v <= 8,
        "remote_counter": lambda v: v in ("upstream", "closed"),
    }
    for key, value in obj.items():
        if key not in checks:
            raise ProtocolError(f"config: unknown key '{key[:40]}'")
        if not checks[key](value):
            raise ProtocolError(f"config: {key}={json.dumps(value)[:40]} is not supported")
        setattr(config, key, "seed" if (key, value) == ("contract", "v1") else value)
    return config


class Server:
    """Serves one engine process: ids must rise from 1, hello comes first."""

    PROTOCOLS = (1, 2)

    def __init__(self, engine_class):
        self.engine_class = engine_class
        self.engine = None
        self.next_id = 1

    def handle(self, line):
        try:
            request = json.loads(line)
        except ValueError:
            self.next_id += 1
            return {"id": None, "error": "the request is not JSON"}
        rid = request.get("id") if isinstance(request, dict) else None
        if type(rid) is not int or rid < 0:
            self.next_id += 1
            return {"id": None, "error": "the request has no unsigned integer id"}
        expected, self.next_id = self.next_id, self.next_id + 1
        try:
            if rid != expected:
                raise ProtocolError(f"request id {rid}, expected {expected}")
            return dict(self.serve(request), id=rid)
        except ProtocolError as e:
            return {"id": rid, "error": str(e)}

    def serve(self, request):
        kind = request.get("type")
        if kind == "hello":
            offered = request.get("protocols", [request.get("protocol")])
            shared = [v for v in self.PROTOCOLS if isinstance(offered, list) and v in offered]
            if not shared:
                raise ProtocolError(f"no protocol shared with {json.dumps(offered)[:40]} "
                                    f"(speaks 1, 2)")
            self.protocol = max(shared)
            self.config = parse_config(request.get("config"))
            self.engine = self.engine_class(self.config, self.protocol)
            return {"protocol": self.protocol, "engine": self.engine.NAME}
        if self.engine is None:
            raise ProtocolError("hello must come first")
        if kind == "reset" and self.protocol >= 2:
            if "config" in request:
                self.config = parse_config(request["config"])
            self.engine = self.engine_class(self.config, self.protocol)
            return {"ok": True}
        if kind == "submit":
            command = request.get("command")
            if not isinstance(command, str):
                raise ProtocolError("submit: command must be a string")
            return {"result": self.engine.submit(*parse_command(command))}
        if kind == "wait_idle":
            return {"ok": True}
        if kind == "observe":
            return {"observation": self.engine.observe()}
        if kind == "take_events":
            return {"events": self.engine.take_events()}
        raise ProtocolError(f"unknown request type {json.dumps(kind)[:40]}")


def serve(engine_class):
    server = Server(engine_class)
    for line in sys.stdin:
        if not line.strip():
            continue
        reply = server.handle(line)
        sys.stdout.write(json.dumps(reply, separators=(",", ":")) + "\n")
        sys.stdout.flush()
    return 0
