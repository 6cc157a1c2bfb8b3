// `hookcheck serve`: the reference engine behind the process protocol (docs/process-protocol.md)
// on stdin/stdout. It is what `hookcheck conform` is checked against in the tests, and the
// reference implementation of the protocol for anyone writing an adapter in another language.
// A malformed request gets an error reply and the loop goes on; end of file on stdin ends it.
// It speaks protocol 1 and 2 (--protocol 1: only 1). In version 2 it reports the reference
// engine's manifest-lock acquires and releases (ManifestLockObserver) between its callbacks, and
// serves `reset`.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "base/exit_codes.h"
#include "cli/cli_options.h"
#include "cli/commands.h"
#include "engine/process_protocol.h"
#include "engine/ref_engine.h"
#include "model/op_text.h"

namespace hookcheck::cli {
namespace {

using nlohmann::json;
namespace protocol = engine::protocol;

struct ServeArgs {
  ContractFlags flags;
  int protocol = protocol::kProtocolVersion;  // the newest version served
};

// The one engine being served and the config it is made with. The engine is made on first use,
// so the usual start (a hello that names a config) builds one engine, not two.
struct Served {
  properties::CheckConfig config;
  int newest = protocol::kProtocolVersion;  // the newest version this serve may pick
  int version = 0;                          // the version the last hello picked
  std::unique_ptr<engine::RefEngine> engine;
  uint64_t requests = 0;  // request lines read so far: the n-th must carry id n
  bool greeted = false;   // a hello succeeded: the other requests are served only after one

  engine::RefEngine& Get() {
    if (!engine) {
      engine::EngineOptions options = properties::ToEngineOptions(config);
      options.record_lock_events = version >= 2;
      // The external checker reads the lock from the event stream: the hook must run to be seen.
      options.stop_hook_under_manifest_lock = false;
      std::string error;
      engine = engine::RefEngine::Open(options,
                                       &error);  // validated by the hello or reset that set config
      if (!engine) {
        std::fprintf(stderr, "hookcheck serve: invalid reference engine options: %s\n",
                     error.c_str());
        std::abort();
      }
    }
    return *engine;
  }

  // A fresh region for the request's config (absent: the current one), as hello and reset start.
  // "" on success, else the error to reply.
  std::string Fresh(const json& request) {
    properties::CheckConfig next = config;
    if (auto c = request.find("config"); c != request.end()) {
      std::string error;
      auto model_config = protocol::ConfigFromJson(*c, "config", &error);
      if (!model_config) return error;
      next.model = *model_config;
    }
    if (std::string invalid = engine::RefEngine::Validate(properties::ToEngineOptions(next));
        !invalid.empty()) {
      return "config: " + invalid;
    }
    engine.reset();  // the old one first: one engine's threads at a time
    config = next;
    return "";
  }
};

json ErrorReply(const json& id, const std::string& message) {
  return {{"id", id}, {"error", message}};
}

// Answers one request line. Never throws on bad input: every problem is an error reply.
json Answer(const std::string& line, Served* served) {
  const uint64_t expected_id = ++served->requests;
  std::string parse_error;
  std::optional<json> parsed = protocol::ParseLine(line, &parse_error);
  if (!parsed) {
    return ErrorReply(
        nullptr, (parse_error == "not JSON" ? std::string("malformed JSON") : parse_error) + ": '" +
                     protocol::Excerpt(line) + "'");
  }
  const json& request = *parsed;
  if (!request.is_object())
    return ErrorReply(nullptr,
                      "a request must be a JSON object, got '" + protocol::Excerpt(line) + "'");
  // The reply echoes the id only when it is one (an unsigned integer): never a peer's whole value.
  auto id_it = request.find("id");
  const json id = id_it != request.end() && id_it->is_number_unsigned() ? *id_it : json(nullptr);
  if (id_it == request.end())
    return ErrorReply(id, "id: missing (expected " + std::to_string(expected_id) + ")");
  if (!id_it->is_number_unsigned() || id_it->get<uint64_t>() != expected_id) {
    return ErrorReply(id, "id: expected " + std::to_string(expected_id) + ", got " +
                              protocol::Show(*id_it, 40) + " (the n-th request carries id n)");
  }
  auto type_it = request.find("type");
  if (type_it == request.end() || !type_it->is_string())
    return ErrorReply(id, "type: missing, or not a string");
  const std::string type = type_it->get<std::string>();

  if (type == "hello") {
    std::string error;
    std::optional<int> version = protocol::PickVersion(request, served->newest, &error);
    if (!version) return ErrorReply(id, error);
    // A hello starts a fresh region; with a config, one that implements that contract.
    if (std::string problem = served->Fresh(request); !problem.empty())
      return ErrorReply(id, problem);
    served->version = *version;
    served->greeted = true;
    return {{"id", id}, {"protocol", *version}, {"engine", served->Get().Name()}};
  }
  const bool known = type == "submit" || type == "wait_idle" || type == "observe" ||
                     type == "take_events" || (type == "reset" && served->version >= 2);
  if (known && !served->greeted)
    return ErrorReply(id, type + " before hello: hello is always the first request");
  if (type == "reset" && served->version >= 2) {
    if (std::string problem = served->Fresh(request); !problem.empty())
      return ErrorReply(id, problem);
    return {{"id", id}, {"ok", true}};
  }
  if (type == "submit") {
    auto c = request.find("command");
    if (c == request.end() || !c->is_string())
      return ErrorReply(id, "command: missing, or not a string");
    model::ParsedCommand parsed = model::ParseCommand(c->get<std::string>());
    if (!parsed.command) return ErrorReply(id, "command: " + parsed.error);
    return {{"id", id}, {"result", model::Name(served->Get().Submit(*parsed.command))}};
  }
  if (type == "wait_idle") {
    served->Get().WaitIdle();
    return {{"id", id}, {"ok", true}};
  }
  if (type == "observe")
    return {{"id", id}, {"observation", protocol::ToJson(served->Get().Observe())}};
  if (type == "take_events") {
    std::vector<engine::HookEvent> callbacks;
    std::vector<engine::LockEvent> locks;
    served->Get().TakeTrace(&callbacks, &locks);
    if (served->version >= 2)
      return {{"id", id}, {"events", protocol::TraceToJson(callbacks, locks)}};
    json events = json::array();
    for (const engine::HookEvent& e : callbacks) events.push_back(protocol::ToJson(e));
    return {{"id", id}, {"events", events}};
  }
  return ErrorReply(id, "type: unknown request type '" + protocol::Excerpt(type, 40) +
                            "' (hello, submit, wait_idle, "
                            "observe, take_events" +
                            (served->version >= 2 ? ", reset)" : ")"));
}

// The longest request line served: far above any request the checker sends (a command, a config).
constexpr size_t kMaxRequestLine = 4u << 20;

// Reads one line of `in` into *line, keeping at most kMaxRequestLine bytes of it (the rest is
// read and dropped, *too_long set): a peer's huge line is never held whole. False at end of file.
bool ReadRequestLine(std::istream& in, std::string* line, bool* too_long) {
  line->clear();
  *too_long = false;
  std::streambuf* buf = in.rdbuf();
  bool any = false;
  for (int c = buf->sbumpc(); c != std::char_traits<char>::eof(); c = buf->sbumpc()) {
    any = true;
    if (c == '\n') return true;
    if (line->size() < kMaxRequestLine) {
      line->push_back(static_cast<char>(c));
    } else {
      *too_long = true;
    }
  }
  return any;
}

int RunServe(const ServeArgs& args) {
  Served served;
  served.config = args.flags.ToCheckConfig();
  served.newest = args.protocol;
  std::string line;
  bool too_long = false;
  while (ReadRequestLine(std::cin, &line, &too_long)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (too_long) {
      ++served.requests;  // a request line, if one this engine will not read
      std::cout << ErrorReply(nullptr, "request line longer than " +
                                           std::to_string(kMaxRequestLine >> 20) + " MiB: '" +
                                           protocol::Excerpt(line) + "'")
                       .dump(-1, ' ', false, json::error_handler_t::replace)
                << "\n"
                << std::flush;
      if (!std::cout) return kExitBadInput;
      continue;
    }
    // error_handler::replace: a reply echoes bytes of the request (an excerpt, an unknown type)
    // and must stay valid JSON whatever they were.
    std::cout << Answer(line, &served).dump(-1, ' ', false, json::error_handler_t::replace) << "\n"
              << std::flush;
    if (!std::cout) return kExitBadInput;  // the checker went away
  }
  return kExitPass;
}

}  // namespace

void RegisterServe(CLI::App* app, int* exit_code) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app->add_subcommand(
      "serve",
      "Serve the reference engine over the process protocol on stdin/stdout "
      "(docs/process-protocol.md); "
      "`hello` may set the contract, the flags give the default and the mutant");
  args->flags.AddTo(cmd);
  cmd->add_option("--protocol", args->protocol,
                  "the newest protocol version to speak (1: no lock events, no reset)")
      ->capture_default_str()
      ->check(CLI::Range(protocol::kOldestProtocolVersion, protocol::kProtocolVersion));
  cmd->callback([args, exit_code] { *exit_code = RunServe(*args); });
}

}  // namespace hookcheck::cli
