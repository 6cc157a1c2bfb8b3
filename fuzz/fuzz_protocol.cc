// Fuzzes the process protocol's decoders (engine/process_protocol.h) the way `serve` reads a
// request and ProcessEngine reads a reply: ParseLine, then the decoders on the whole value and
// on its "config", "observation" and "events" fields, and the quoting helpers on everything.
// Nothing may crash; a decoded value must survive ToJson then decode unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/process_protocol.h"
#include "model/op_text.h"

namespace {

namespace protocol = hookcheck::engine::protocol;
using nlohmann::json;

void Check(bool ok, const char* what, const json& j) {
  if (ok) return;
  std::fprintf(stderr, "fuzz_protocol: %s: %s\n", what, protocol::Show(j, 200).c_str());
  std::abort();
}

void Decode(const json& j, const std::string& where) {
  std::string error;
  if (auto c = protocol::ConfigFromJson(j, where, &error)) {
    std::string again_error;
    auto again = protocol::ConfigFromJson(protocol::ToJson(*c), where, &again_error);
    Check(again && *again == *c, "config changed in decode(ToJson(x))", j);
  } else {
    Check(!error.empty(), "ConfigFromJson failed without an error", j);
  }
  error.clear();
  if (auto o = protocol::ObservationFromJson(j, where, &error)) {
    std::string again_error;
    auto again = protocol::ObservationFromJson(protocol::ToJson(*o), where, &again_error);
    Check(again && *again == *o, "observation changed in decode(ToJson(x))", j);
  } else {
    Check(!error.empty(), "ObservationFromJson failed without an error", j);
  }
  error.clear();
  if (auto events = protocol::EventsFromJson(j, where, &error)) {
    json back = json::array();
    for (const auto& e : *events) back.push_back(protocol::ToJson(e));
    std::string again_error;
    auto again = protocol::EventsFromJson(back, where, &again_error);
    Check(again && again->size() == events->size(), "events changed in decode(ToJson(x))", j);
  } else {
    Check(!error.empty(), "EventsFromJson failed without an error", j);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string line(reinterpret_cast<const char*>(data), size);
  (void)protocol::Excerpt(line);
  (void)protocol::NestedDeeperThan(line, protocol::kMaxDepth);

  std::string error;
  std::optional<json> parsed = protocol::ParseLine(line, &error);
  if (!parsed) {
    Check(!error.empty(), "ParseLine failed without an error", json(line));
    return 0;
  }
  const json& j = *parsed;
  (void)protocol::Show(j);
  Decode(j, "reply");
  if (j.is_object()) {
    for (const char* key : {"config", "observation", "events", "id", "protocol"}) {
      if (auto it = j.find(key); it != j.end()) {
        (void)protocol::Show(*it);
        Decode(*it, key);
      }
    }
    if (auto it = j.find("command"); it != j.end() && it->is_string()) {
      (void)hookcheck::model::ParseCommand(it->get_ref<const std::string&>());
    }
  }
  return 0;
}
