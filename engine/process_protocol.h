// File: engine/process_protocol.h
// Defines the JSON form of the process protocol (docs/process-protocol.md): the protocol version,
// and the encoders and schema-checking decoders of every value a request or a reply carries
// (model config, observation, hook event). Used by both sides: ProcessEngine (the checker) and
// `hookcheck serve` (the reference implementation). Every enum goes through the Name/Parse
// functions of model/types.h, model/config.h and engine/hook_event.h; every op through
// model::FormatCommand / model::ParseCommand.
// Thread-safety: pure functions.
#ifndef HOOKCHECK_ENGINE_PROCESS_PROTOCOL_H_
#define HOOKCHECK_ENGINE_PROCESS_PROTOCOL_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/hook_event.h"
#include "model/config.h"
#include "model/observation.h"

namespace hookcheck::engine::protocol {

// The newest version this build speaks, and the oldest. `hello` offers every version from the
// oldest to the newest; the engine answers with the one it picked. A change that an engine
// written for an older version would misread bumps the newest.
inline constexpr int kProtocolVersion = 2;
inline constexpr int kOldestProtocolVersion = 1;

// The version a hello reply should name: the highest in `offered` (the request's "protocols",
// else [its "protocol"]) that is at most `newest` and at least kOldestProtocolVersion; nullopt
// when there is none, with `*error` saying why. Used by `hookcheck serve`.
std::optional<int> PickVersion(const nlohmann::json& hello, int newest, std::string* error);

// The deepest nesting of arrays and objects a request or a reply may have: the top-level object
// is level 1. Deeper lines are refused before they are parsed, so nothing recurses over a peer's
// value deeper than this (docs/process-protocol.md).
inline constexpr int kMaxDepth = 64;

// Parses one protocol line. Refuses, without parsing it, a line nested deeper than kMaxDepth:
// returns nullopt and sets `*error` to "JSON nested deeper than 64 levels"; on a line that is not
// JSON, to "not JSON". The caller quotes the line (Excerpt), never the value.
std::optional<nlohmann::json> ParseLine(const std::string& line, std::string* error);

// True when `text`, read as JSON, opens more than `limit` arrays or objects at once. Brackets
// inside strings do not count; on text that is not JSON the answer is only a guess (the parse
// that follows refuses it anyway). Linear, no recursion.
bool NestedDeeperThan(const std::string& text, int limit);

// A peer's value quoted in a one-line error: its JSON text cut to about `max` characters ("..."
// appended when cut), built without serializing more than that.
std::string Show(const nlohmann::json& j, size_t max = 40);

nlohmann::json ToJson(const model::ModelConfig& config);
nlohmann::json ToJson(const model::Observation& observation);
nlohmann::json ToJson(const HookEvent& event);
nlohmann::json ToJson(const LockEvent& event);

// The `events` array of a version 2 take_events reply: callbacks and lock events merged by seq,
// each with its "kind". REQUIRES: each input in seq order.
nlohmann::json TraceToJson(const std::vector<HookEvent>& callbacks,
                           const std::vector<LockEvent>& locks);

// One entry of a version 2 `events` array, decoded.
struct TraceEntry {
  bool is_lock = false;
  HookEvent callback;            // iff !is_lock
  bool lock_held_given = false;  // the callback carried lock_held (then callback.lock_held is it)
  LockEvent lock;                // iff is_lock
};

// Decoders: on a value that does not match the schema they return nullopt and set `*error` to
// one line naming the field by its path under `where` ("observation.live_files[1]: expected an
// unsigned integer, got \"x\"").
std::optional<model::ModelConfig> ConfigFromJson(const nlohmann::json& j, const std::string& where,
                                                 std::string* error);
std::optional<model::Observation> ObservationFromJson(const nlohmann::json& j,
                                                      const std::string& where, std::string* error);
std::optional<std::vector<HookEvent>> EventsFromJson(const nlohmann::json& j,
                                                     const std::string& where, std::string* error);
// Version 2: every entry has "kind"; a callback's lock_held and lock_site are optional, its
// thread 1 or more.
std::optional<std::vector<TraceEntry>> TraceFromJson(const nlohmann::json& j,
                                                     const std::string& where, std::string* error);

// One callback object of a version 2 `events` array without its "kind" (a callback; "seq"
// still required), as the C ABI's on_hook passes it (docs/c-abi.md).
std::optional<TraceEntry> CallbackEntryFromJson(const nlohmann::json& j, const std::string& where,
                                                std::string* error);

// The contract result of a submit reply ({"result": "Ok"}); nullopt with `*error` naming the
// problem ("result: missing").
std::optional<model::ErrorCode> ResultFromJson(const nlohmann::json& reply, std::string* error);

// At most `max` characters of `text`, "..." appended when cut, control characters escaped: a
// peer's line quoted in a one-line error.
std::string Excerpt(const std::string& text, size_t max = 80);

}  // namespace hookcheck::engine::protocol

#endif  // HOOKCHECK_ENGINE_PROCESS_PROTOCOL_H_
