#!/usr/bin/env python3
"""The protocol layer's own rules (docs/process-protocol.md), which a conform run against a
well-behaved checker never exercises: ids, hello first, version negotiation, reset, error
replies for what cannot be served. Run: python3 examples/python/protocol_test.py"""

import json
import unittest

from engine import Engine
from protocol import Server


class ServerTest(unittest.TestCase):
    def setUp(self):
        self.server = Server(Engine)

    def send(self, **request):
        return self.server.handle(json.dumps(request))

    def hello(self, **fields):
        return self.send(id=1, type="hello", **fields)

    def test_v1_checker_gets_v1(self):
        self.assertEqual(self.hello(protocol=1)["protocol"], 1)

    def test_v2_offer_gets_v2(self):
        self.assertEqual(self.hello(protocol=1, protocols=[1, 2])["protocol"], 2)

    def test_no_shared_version_is_an_error(self):
        reply = self.hello(protocol=3, protocols=[3])
        self.assertEqual(reply["id"], 1)
        self.assertIn("no protocol shared", reply["error"])

    def test_hello_comes_first(self):
        self.assertIn("hello must come first", self.send(id=1, type="observe")["error"])

    def test_ids_must_rise_by_one(self):
        self.hello(protocol=1)
        self.assertIn("expected 2", self.send(id=3, type="observe")["error"])

    def test_a_line_that_is_not_json_gets_id_null(self):
        self.assertEqual(self.server.handle("not json"), {"id": None,
                                                         "error": "the request is not JSON"})

    def test_an_unknown_op_is_an_error_not_a_result(self):
        self.hello(protocol=1)
        reply = self.send(id=2, type="submit", command="Flsh")
        self.assertNotIn("result", reply)
        self.assertIn("unknown op 'Flsh'", reply["error"])

    def test_a_config_it_cannot_implement_is_an_error(self):
        reply = self.hello(protocol=1, config={"auto_compact_threshold": 1})
        self.assertIn("auto_compact_threshold=1 is not supported", reply["error"])
        reply = Server(Engine).handle(json.dumps(
            {"id": 1, "type": "hello", "protocol": 1, "config": {"wal": "kafka"}}))
        self.assertIn("unknown key 'wal'", reply["error"])
        reply = Server(Engine).handle(json.dumps(
            {"id": 1, "type": "hello", "protocol": 1, "config": {"contract": "v5"}}))
        self.assertIn('contract="v5" is not supported', reply["error"])

    def test_a_contract_refusal_is_a_result(self):
        self.hello(protocol=1)
        self.send(id=2, type="submit", command="SetRole role=F")
        self.assertEqual(self.send(id=3, type="submit", command="Put ts=1"),
                         {"id": 3, "result": "RegionState"})

    def test_reset_is_v2_only_and_starts_afresh(self):
        self.hello(protocol=1)
        self.assertIn("unknown request type", self.send(id=2, type="reset")["error"])
        server = self.server = Server(Engine)
        self.hello(protocol=1, protocols=[1, 2])
        self.send(id=2, type="submit", command="Put ts=1")
        self.send(id=3, type="submit", command="Flush")
        self.assertEqual(self.send(id=4, type="reset"), {"id": 4, "ok": True})
        self.assertEqual(self.send(id=5, type="take_events")["events"], [])
        self.assertEqual(server.handle(json.dumps({"id": 6, "type": "observe"}))
                         ["observation"]["manifest_version"], 0)
        self.send(id=7, type="submit", command="Put ts=1")
        self.send(id=8, type="submit", command="Flush")
        events = self.send(id=9, type="take_events")["events"]
        self.assertEqual([e["seq"] for e in events], [1, 2, 3, 4])  # seq back to 1 after reset

    def test_v2_streams_the_lock_around_the_commit_and_mu_after_release(self):
        self.hello(protocol=1, protocols=[1, 2])
        self.send(id=2, type="submit", command="Put ts=1")
        self.send(id=3, type="submit", command="Flush")
        events = self.send(id=4, type="take_events")["events"]
        shape = [(e["kind"], e.get("callback") or e.get("op")) for e in events]
        self.assertEqual(shape, [("callback", "SFW"), ("lock", "acquire"), ("lock", "release"),
                                 ("callback", "MU")])


if __name__ == "__main__":
    unittest.main()
