// Implements SharedLibraryEngine: dlopen, dlsym, the host callbacks, and the process protocol's
// decoders and LockTracker over what crosses the C ABI.
#include "engine/shared_library_engine.h"

#include <dlfcn.h>

#include <utility>

#include "model/op_text.h"

namespace hookcheck::engine {
namespace {

using nlohmann::json;

// The library's own words, bounded and on one line.
std::string Quoted(const char* text) {
  return text == nullptr ? std::string() : protocol::Excerpt(text, 160);
}

}  // namespace

std::unique_ptr<SharedLibraryEngine> SharedLibraryEngine::Load(const LibraryOptions& options) {
  std::unique_ptr<SharedLibraryEngine> e(new SharedLibraryEngine(options));
  try {
    e->Open();
  } catch (const EngineBroke&) {
    // Recorded in e: the caller sees broken().
  }
  return e;
}

SharedLibraryEngine::SharedLibraryEngine(const LibraryOptions& options)
    : options_(options), who_("library '" + protocol::Excerpt(options.path, 120) + "'") {}

void SharedLibraryEngine::Open() {
  if (options_.path.empty()) Break(ProcessState::kLoadFailed, "no engine library given");
  // RTLD_LOCAL: the library's symbols (its own copy of whatever it links) stay its own.
  handle_ = dlopen(options_.path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle_ == nullptr)
    Break(ProcessState::kLoadFailed, who_ + " could not be loaded: " + Quoted(dlerror()));
  auto resolve = [&](auto* slot, const char* name) {
    dlerror();
    void* symbol = dlsym(handle_, name);
    if (symbol == nullptr) {
      Break(ProcessState::kLoadFailed, who_ + " does not export " + name +
                                           " (docs/c-abi.md lists the functions of ABI version " +
                                           std::to_string(HOOKCHECK_ENGINE_ABI_VERSION) + ")");
    }
    *slot = reinterpret_cast<std::remove_pointer_t<decltype(slot)>>(symbol);
  };
  // The version first: a library of another version may name its functions differently.
  resolve(&api_.abi_version, "hookcheck_abi_version");
  const uint32_t version = api_.abi_version();
  if (version != HOOKCHECK_ENGINE_ABI_VERSION) {
    Break(ProcessState::kLoadFailed, who_ + " implements C ABI version " + std::to_string(version) +
                                         "; this hookcheck implements version " +
                                         std::to_string(HOOKCHECK_ENGINE_ABI_VERSION));
  }
  resolve(&api_.last_error, "hookcheck_last_error");
  resolve(&api_.string_free, "hookcheck_string_free");
  resolve(&api_.create, "hookcheck_engine_create");
  resolve(&api_.submit, "hookcheck_engine_submit");
  resolve(&api_.wait_idle, "hookcheck_engine_wait_idle");
  resolve(&api_.observe, "hookcheck_engine_observe");
  resolve(&api_.reset, "hookcheck_engine_reset");
  resolve(&api_.destroy, "hookcheck_engine_destroy");
  const hookcheck_host host{this, &SharedLibraryEngine::OnLock, &SharedLibraryEngine::OnHook};
  const std::string config = protocol::ToJson(options_.config).dump();
  ++calls_;
  engine_ = api_.create(config.c_str(), &host);
  if (engine_ == nullptr) {
    Break(ProcessState::kErrorReply, who_ + " failed to create an engine: " + LastError());
  }
}

SharedLibraryEngine::~SharedLibraryEngine() {
  if (engine_ != nullptr) api_.destroy(engine_);
  if (handle_ != nullptr) dlclose(handle_);
}

void SharedLibraryEngine::OnLock(void* ctx, int op, int mode, uint64_t thread, uint32_t lock,
                                 const char* site) {
  auto* self = static_cast<SharedLibraryEngine*>(ctx);
  try {
    const std::string who = "on_lock (thread " + std::to_string(thread) + ")";
    if (op != HOOKCHECK_LOCK_ACQUIRE && op != HOOKCHECK_LOCK_RELEASE) {
      return self->StreamProblem(who + ": op " + std::to_string(op) +
                                 " is not HOOKCHECK_LOCK_ACQUIRE or _RELEASE");
    }
    if (mode != HOOKCHECK_LOCK_READ && mode != HOOKCHECK_LOCK_WRITE) {
      return self->StreamProblem(who + ": mode " + std::to_string(mode) +
                                 " is not HOOKCHECK_LOCK_READ or _WRITE");
    }
    if (thread == 0)
      return self->StreamProblem(who + ": a lock event needs a thread number of 1 or more");
    protocol::TraceEntry entry;
    entry.is_lock = true;
    entry.lock.acquire = op == HOOKCHECK_LOCK_ACQUIRE;
    entry.lock.mode = mode == HOOKCHECK_LOCK_WRITE ? LockHeld::kWrite : LockHeld::kRead;
    entry.lock.thread = thread;
    entry.lock.lock = lock;
    entry.lock.on_compactor = lock == 2;
    if (entry.lock.acquire && site != nullptr) entry.lock.site = protocol::Excerpt(site, 80);
    self->Append(std::move(entry));
  } catch (...) {
    // Nothing may unwind into the library; an allocation failure here is the only way in.
    self->StreamProblem("on_lock: out of memory");
  }
}

void SharedLibraryEngine::OnHook(void* ctx, const char* event_json) {
  auto* self = static_cast<SharedLibraryEngine*>(ctx);
  try {
    uint64_t n = 0;
    {
      MutexLock l(&self->mu_);
      n = ++self->hooks_;
    }
    const std::string where = "on_hook #" + std::to_string(n);
    if (event_json == nullptr) return self->StreamProblem(where + ": NULL event");
    std::string error;
    std::optional<json> parsed = protocol::ParseLine(event_json, &error);
    if (!parsed)
      return self->StreamProblem(where + ": " + error + ": '" + protocol::Excerpt(event_json) +
                                 "'");
    // The harness numbers the stream: any seq of the engine's is replaced by the arrival order,
    // set again by Append.
    if (parsed->is_object()) (*parsed)["seq"] = 0;
    std::optional<protocol::TraceEntry> entry =
        protocol::CallbackEntryFromJson(*parsed, where, &error);
    if (!entry) return self->StreamProblem(error);
    self->Append(std::move(*entry));
  } catch (...) {
    self->StreamProblem("on_hook: out of memory");
  }
}

void SharedLibraryEngine::Append(protocol::TraceEntry entry) {
  MutexLock l(&mu_);
  // Numbered under mu_, so seq order is arrival order: per thread the order of its calls, and
  // across threads one a reader-writer lock can produce ([Locking] in the ABI header).
  const uint64_t seq = next_seq_++;
  (entry.is_lock ? entry.lock.seq : entry.callback.seq) = seq;
  pending_.push_back(std::move(entry));
}

void SharedLibraryEngine::StreamProblem(const std::string& problem) {
  MutexLock l(&mu_);
  if (stream_problem_.empty()) stream_problem_ = problem;
}

void SharedLibraryEngine::ThrowIfStreamBad(const std::string& what) {
  std::string problem;
  {
    MutexLock l(&mu_);
    problem = stream_problem_;
  }
  if (!problem.empty())
    Break(ProcessState::kBadReply,
          who_ + " made a bad callback (seen at " + what + "): " + problem);
}

std::string SharedLibraryEngine::LastError() const {
  const char* text = api_.last_error();
  if (text == nullptr || *text == '\0') return "(no error given: hookcheck_last_error is empty)";
  return Quoted(text);
}

json SharedLibraryEngine::TakeJson(char* text, const std::string& what) {
  if (text == nullptr)
    Break(ProcessState::kErrorReply, who_ + " failed " + what + ": " + LastError());
  std::string copy(text);
  api_.string_free(text);
  std::string error;
  std::optional<json> parsed = protocol::ParseLine(copy, &error);
  if (!parsed) {
    Break(ProcessState::kMalformedJson,
          who_ + " returned " + error + " from " + what + ": '" + protocol::Excerpt(copy) + "'");
  }
  return *parsed;
}

void SharedLibraryEngine::CheckRc(int rc, const std::string& what) {
  if (rc != 0)
    Break(ProcessState::kErrorReply,
          who_ + " failed " + what + " (returned " + std::to_string(rc) + "): " + LastError());
}

model::ErrorCode SharedLibraryEngine::Submit(const model::Command& command) {
  ThrowIfBroken();
  submitted_.push_back(command);
  const std::string text = model::FormatCommand(command);
  const std::string what = "submit #" + std::to_string(++calls_) + " (" + text + ")";
  json reply = TakeJson(api_.submit(engine_, text.c_str()), what);
  std::string problem;
  std::optional<model::ErrorCode> code = protocol::ResultFromJson(reply, &problem);
  if (!code)
    Break(ProcessState::kBadReply, who_ + " returned a bad reply to " + what + ": " + problem);
  ThrowIfStreamBad(what);
  return *code;
}

void SharedLibraryEngine::WaitIdle() {
  ThrowIfBroken();
  const std::string what = "wait_idle #" + std::to_string(++calls_);
  CheckRc(api_.wait_idle(engine_), what);
  ThrowIfStreamBad(what);
}

model::Observation SharedLibraryEngine::Observe() {
  ThrowIfBroken();
  const std::string what = "observe #" + std::to_string(++calls_);
  json reply = TakeJson(api_.observe(engine_), what);
  std::string error;
  std::optional<model::Observation> o = protocol::ObservationFromJson(reply, "observation", &error);
  if (!o)
    Break(ProcessState::kBadReply,
          who_ + " returned a bad observation from " + what + ": " + error);
  return *o;
}

std::vector<HookEvent> SharedLibraryEngine::TakeEvents() {
  ThrowIfBroken();
  const std::string what = "take_events #" + std::to_string(++calls_);
  ThrowIfStreamBad(what);
  std::vector<protocol::TraceEntry> entries;
  {
    MutexLock l(&mu_);
    entries.swap(pending_);
  }
  // The same derivation as a protocol v2 process: lock_held comes from the lock events.
  std::vector<HookEvent> events;
  if (std::string problem = locks_.Read(entries, "callbacks", &events); !problem.empty()) {
    Break(ProcessState::kBadReply,
          who_ + " made a callback stream no manifest lock can produce (seen at " + what +
              "): " + problem);
  }
  return events;
}

void SharedLibraryEngine::Reset(const model::ModelConfig& config) {
  ThrowIfBroken();
  const std::string what = "reset #" + std::to_string(++calls_);
  const std::string text = protocol::ToJson(config).dump();
  CheckRc(api_.reset(engine_, text.c_str()), what);
  ThrowIfStreamBad(what);
  {
    MutexLock l(&mu_);
    // What the old region fired and nobody took belongs to no sequence.
    pending_.clear();
    next_seq_ = 1;
  }
  locks_.Reset();
  submitted_.clear();
}

std::string SharedLibraryEngine::Name() const { return "library:" + options_.path; }

void SharedLibraryEngine::Break(ProcessState state, const std::string& message) {
  if (state_ == ProcessState::kRunning) {
    state_ = state;
    error_ = message;
  }
  throw EngineBroke(state_, error_);
}

void SharedLibraryEngine::ThrowIfBroken() const {
  if (state_ != ProcessState::kRunning) throw EngineBroke(state_, error_);
}

}  // namespace hookcheck::engine
