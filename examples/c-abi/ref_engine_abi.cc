// The reference engine behind the C ABI (engine/abi/hookcheck_engine_abi.h, docs/c-abi.md):
// built as libhookcheck_ref_abi.so, and with HOOKCHECK_ABI_MUTANT="name" as a library that has
// that seeded bug (engine/mutant.h). RefEngine is unchanged; a TraceTap forwards what its
// HookRecorder records, as it happens, to the host: each manifest-lock acquire and release
// (told while the lock is held) and each hook call (told on the hook's thread before it
// returns), without lock_held: the harness derives it from the lock events.
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/abi/hookcheck_engine_abi.h"
#include "engine/engine_options.h"
#include "engine/process_protocol.h"
#include "engine/ref_engine.h"
#include "engine/trace_tap.h"
#include "model/op_text.h"

namespace {

namespace engine = hookcheck::engine;
namespace model = hookcheck::model;
namespace protocol = hookcheck::engine::protocol;
using nlohmann::json;

#ifdef HOOKCHECK_ABI_MUTANT
constexpr const char* kMutant = HOOKCHECK_ABI_MUTANT;
#else
constexpr const char* kMutant = "none";
#endif

thread_local std::string last_error;

char* Dup(const std::string& text) {
  char* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (out != nullptr) std::memcpy(out, text.c_str(), text.size() + 1);
  if (out == nullptr) last_error = "out of memory";
  return out;
}

}  // namespace

// The engine handle: the host's callbacks and the region's RefEngine. It is the engine's tap.
struct hookcheck_engine : engine::TraceTap {
  hookcheck_host host{};
  std::unique_ptr<engine::RefEngine> ref;

  void OnCallback(const engine::HookEvent& event) override {
    json j = protocol::ToJson(event);
    j.erase("lock_held");  // not the engine's to say: the host sees the lock events
    j.erase("lock_site");
    j.erase("seq");
    if (host.on_hook != nullptr) host.on_hook(host.ctx, j.dump().c_str());
  }
  void OnLock(const engine::LockEvent& event) override {
    if (host.on_lock == nullptr) return;
    host.on_lock(
        host.ctx, event.acquire ? HOOKCHECK_LOCK_ACQUIRE : HOOKCHECK_LOCK_RELEASE,
        event.mode == engine::LockHeld::kWrite ? HOOKCHECK_LOCK_WRITE : HOOKCHECK_LOCK_READ,
        event.thread, static_cast<uint32_t>(event.lock), event.site.c_str());
  }

  // A fresh RefEngine for `config_json`; false with last_error set on a bad config.
  bool Start(const char* config_json) {
    std::string error;
    std::optional<json> parsed =
        protocol::ParseLine(config_json == nullptr ? "" : config_json, &error);
    if (!parsed) {
      last_error = "config: " + error;
      return false;
    }
    std::optional<model::ModelConfig> config = protocol::ConfigFromJson(*parsed, "config", &error);
    if (!config) {
      last_error = error;
      return false;
    }
    engine::EngineOptions options = engine::OptionsFor(*config, *engine::ParseMutant(kMutant));
    options.record_lock_events = true;
    options.trace_tap = this;
    // The host reads the lock from the event stream: the hook must run to be seen. Real threads:
    // the host may call from any thread, and a deterministic run is one OS thread's.
    options.stop_hook_under_manifest_lock = false;
    options.runtime = engine::RuntimeKind::kThreads;
    ref.reset();  // the old region's threads end before the new one's start
    ref = engine::RefEngine::Open(options, &error);
    if (!ref) last_error = "config: " + error;
    return ref != nullptr;
  }

  // The recorder keeps what it forwarded; the host has it, so it is dropped here.
  void Forget() {
    std::vector<engine::HookEvent> callbacks;
    std::vector<engine::LockEvent> locks;
    ref->TakeTrace(&callbacks, &locks);
  }
};

// No exception may leave a function of the ABI: each body runs under Guard.
template <typename R, typename F>
R Guard(R failed, F&& body) {
  try {
    last_error.clear();
    return body();
  } catch (const std::exception& e) {
    last_error = e.what();
  } catch (...) {
    last_error = "unknown exception";
  }
  return failed;
}

extern "C" {

uint32_t hookcheck_abi_version(void) { return HOOKCHECK_ENGINE_ABI_VERSION; }

hookcheck_engine* hookcheck_engine_create(const char* config_json, const hookcheck_host* host) {
  return Guard<hookcheck_engine*>(nullptr, [&]() -> hookcheck_engine* {
    if (host == nullptr) {
      last_error = "host: NULL";
      return nullptr;
    }
    auto e = std::make_unique<hookcheck_engine>();
    e->host = *host;
    if (!e->Start(config_json)) return nullptr;
    return e.release();
  });
}

char* hookcheck_engine_submit(hookcheck_engine* e, const char* command) {
  return Guard<char*>(nullptr, [&]() -> char* {
    model::ParsedCommand parsed = model::ParseCommand(command == nullptr ? "" : command);
    if (!parsed.command) {
      last_error = "command: " + parsed.error;
      return nullptr;
    }
    return Dup(json{{"result", model::Name(e->ref->Submit(*parsed.command))}}.dump());
  });
}

int hookcheck_engine_wait_idle(hookcheck_engine* e) {
  return Guard<int>(1, [&] {
    e->ref->WaitIdle();
    e->Forget();
    return 0;
  });
}

char* hookcheck_engine_observe(hookcheck_engine* e) {
  return Guard<char*>(nullptr, [&] { return Dup(protocol::ToJson(e->ref->Observe()).dump()); });
}

int hookcheck_engine_reset(hookcheck_engine* e, const char* config_json) {
  return Guard<int>(1, [&] { return e->Start(config_json) ? 0 : 1; });
}

void hookcheck_engine_destroy(hookcheck_engine* e) { delete e; }

const char* hookcheck_last_error(void) { return last_error.c_str(); }

void hookcheck_string_free(char* text) { std::free(text); }

}  // extern "C"
