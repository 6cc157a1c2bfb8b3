#include "engine/ref_engine.h"

#include <cstdio>
#include <variant>

#include "engine/runtime/deterministic_runtime.h"
#include "engine/runtime/threads_runtime.h"

namespace hookcheck::engine {

std::string RefEngine::Validate(const EngineOptions& o) {
  if (o.auto_compact_threshold == 1) {
    return "auto_compact_threshold must be 0 (off) or 2..255, got 1";
  }
  if (o.index_build_slots < 1 || o.index_build_slots > 8) {
    return "index_build_slots must be in 1..8, got " + std::to_string(o.index_build_slots);
  }
  if (o.workers < 1 || o.workers > 8) {
    return "workers must be in 1..8, got " + std::to_string(o.workers);
  }
  if (o.runtime == RuntimeKind::kDeterministic &&
      o.schedule.kind == runtime::Strategy::Kind::kDfs) {
    return "schedule dfs: is the explorer's; an engine runs random:, pct: or replay:";
  }
  return "";
}

std::unique_ptr<RefEngine> RefEngine::Open(const EngineOptions& options, std::string* error) {
  std::string e = Validate(options);
  if (!e.empty()) {
    if (error != nullptr) *error = "invalid EngineOptions: " + e;
    return nullptr;
  }
  return std::make_unique<RefEngine>(options);
}

namespace {

std::unique_ptr<runtime::Runtime> NewRuntime(const EngineOptions& o) {
  std::unique_ptr<runtime::Runtime> rt;
  if (o.runtime == RuntimeKind::kThreads) {
    rt = std::make_unique<runtime::ThreadsRuntime>();
  } else {
    runtime::DeterministicOptions d;
    d.strategy = o.schedule;
    d.max_steps = o.max_steps_per_request;
    rt = std::make_unique<runtime::DeterministicRuntime>(d);
  }
  rt->SetHookUnderManifestLockStops(o.stop_hook_under_manifest_lock);
  return rt;
}

}  // namespace

RefEngine::RefEngine(const EngineOptions& options)
    : runtime_(NewRuntime(options)),
      options_(options),
      recorder_(runtime_.get(), options.record_payloads, options.trace_tap),
      idle_mu_(runtime_.get(), "RefEngine::idle_mu_"),
      idle_cv_(runtime_.get()),
      background_(runtime_.get()) {
  recorder_.SetWorkerLoopProbe([this] { return OnAnyWorkerLoop(); });
  runtime_->Begin();
  runtime_->Call("RefEngine::Open", [this]() REQUIRES(!idle_mu_) { OpenOnRuntime(); });
}

void RefEngine::OpenOnRuntime() {
  for (int i = 0; i < options_.workers; ++i) {
    workers_.push_back(std::make_unique<WorkerLoop>(runtime_.get(), i));
  }
  // The initial state: region 1 created (version 0, Writable). Built on the worker task, which
  // owns region_.
  const Reply reply(runtime_.get());
  PostToWorker([this, reply] {
    RegionManifestManager::Options mo{kRegionId, &store_, &faults_, options_.mutant};
    region_ = NewRegionObject(RegionManifestManager::Create(mo), RoleState::kWritable);
    presence_ = Presence::kOpen;
    reply.Send(Status::Ok());
  });
  reply.Wait("RefEngine::Open:WaitReply");
}

RefEngine::~RefEngine() {
  runtime_->Call("RefEngine::Shutdown", [this]() REQUIRES(!idle_mu_) { ShutdownOnRuntime(); });
  const runtime::RunReport report = runtime_->End();
  // A stop nobody asked about (RunStopped) must not pass unseen.
  if (!report.ok() && !stop_reported_.load()) {
    std::fprintf(stderr, "RefEngine: %s\n", report.Format().c_str());
  }
}

void RefEngine::ShutdownOnRuntime() {
  WaitIdleOnRuntime();
  for (auto& w : workers_) w->Stop();
  background_.JoinAll();
  background_.JoinAll();
}

WorkerLoop& RefEngine::worker() { return *workers_[kRegionId % workers_.size()]; }

bool RefEngine::OnAnyWorkerLoop() const {
  for (const auto& w : workers_) {
    if (w->OnLoopThread()) return true;
  }
  return false;
}

void RefEngine::BeginWork() {
  runtime::MutexLock l(&idle_mu_, "RefEngine::BeginWork");
  ++busy_;
}

void RefEngine::EndWork() {
  runtime::MutexLock l(&idle_mu_, "RefEngine::EndWork");
  if (--busy_ == 0) idle_cv_.SignalAll();
}

void RefEngine::PostToWorker(std::function<void()> msg) {
  BeginWork();
  const bool posted = worker().Post([this, msg = std::move(msg)] {
    msg();
    EndWork();
  });
  if (!posted) EndWork();  // the loop is stopping (destructor): the message is dropped
}

void RefEngine::SpawnTask(std::function<void()> task) {
  BeginWork();
  background_.Spawn("background", [this, task = std::move(task)] {
    task();
    EndWork();
  });
}

std::shared_ptr<Region> RefEngine::NewRegionObject(std::unique_ptr<RegionManifestManager> manager,
                                                   RoleState initial) {
  ManifestContext::Options co{kRegionId, &recorder_,
                              model::SuppressesStagingManifestUpdates(options_.contract),
                              options_.mutant, options_.record_lock_events ? &recorder_ : nullptr};
  auto ctx = std::make_shared<ManifestContext>(runtime_.get(), std::move(manager), initial, co);
  return std::make_shared<Region>(kRegionId, std::move(ctx), &worker());
}

std::shared_ptr<Region> RefEngine::OpenRegion(model::ErrorCode* code) {
  worker().AssertOnLoopThread();  // presence_ and region_ are loop-owned
  if (presence_ != Presence::kOpen || region_ == nullptr) {
    *code = model::ErrorCode::kRegionNotFound;
    return nullptr;
  }
  *code = model::ErrorCode::kOk;
  return region_;
}

model::ErrorCode RefEngine::Submit(const model::Command& command) {
  model::ErrorCode code = model::ErrorCode::kUnexpected;
  runtime_->Call("RefEngine::Submit",
                 [&]() REQUIRES(!idle_mu_) { code = SubmitOnRuntime(command); });
  return code;
}

model::ErrorCode RefEngine::SubmitOnRuntime(const model::Command& command) {
  // Arm the command's fault for the op and its follow-on work; OpScope disarms it when the last
  // task of the op lets go.
  const uint64_t generation = ++op_generation_;
  uint64_t token = 0;
  switch (command.fault.kind) {
    case model::FaultKind::kSaveFails:
      token = faults_.Arm(FaultSite::kManifestSave);
      break;
    case model::FaultKind::kRebuildFails:
      token = faults_.Arm(FaultSite::kManifestRebuild);
      break;
    case model::FaultKind::kSstWriteFails:
      token = faults_.Arm(FaultSite::kSstWrite);
      break;
    case model::FaultKind::kFlushCancelled:
      // 25090b9f54: the site (mark_commit_started) exists from V5 on only.
      if (model::HasHeadPaths(options_.contract)) token = faults_.Arm(FaultSite::kFlushCancelled);
      break;
    default:
      break;
  }
  // Both disarms are owner-checked inside their own mutex: a scope that ends late (its last
  // closure may be destroyed after the next Submit began) leaves the next op's fault and sync
  // point alone. (Comparing op_generation_ first and clearing after was a check-then-act race.)
  auto scope = std::make_shared<OpScope>([this, token, generation] {
    if (token != 0) faults_.Disarm(token);
    sync_points_.ClearOwned(kSyncSstAfterWriteBeforeCommit, generation);
  });
  const Reply reply(runtime_.get());
  PostToWorker([this, command, reply, scope, generation] {
    if (command.fault.kind == model::FaultKind::kRoleChangeBeforeCommit && region_ != nullptr &&
        presence_ == Presence::kOpen) {
      // The fault: the sync point runs the lock-free set_role (one-shot).
      std::shared_ptr<ManifestContext> ctx = region_->ctx;
      const RoleState role = command.fault.role;
      sync_points_.Set(
          kSyncSstAfterWriteBeforeCommit, [ctx, role] { ctx->SetRole(role); },
          /*one_shot=*/true, /*owner=*/generation);
    }
    Dispatch(command, reply, scope);
  });
  scope.reset();  // the op's tasks hold it from here on
  // Untimed: a reply that can never come leaves no task able to run, which the runtime stops as
  // a deadlock (Submit then answers kUnexpected and RuntimeReport says why).
  return reply.Wait("RefEngine::Submit:WaitReply");
}

// False for every op: a Dispatch branch that reaches it is a build error naming the op.
template <class T>
inline constexpr bool kUnhandledOp = false;

void RefEngine::Dispatch(const model::Command& c, Reply reply, ScopeRef scope) {
  worker().AssertOnLoopThread();  // every handler below touches loop-owned state
  std::visit(
      [&](const auto& op) {
        using T = std::decay_t<decltype(op)>;
        if constexpr (std::is_same_v<T, model::Put>)
          HandlePut(op, reply);
        else if constexpr (std::is_same_v<T, model::Flush>)
          HandleFlush(reply, scope);
        else if constexpr (std::is_same_v<T, model::CompactLocal>)
          HandleCompactLocal(op, reply, scope);
        else if constexpr (std::is_same_v<T, model::CompactRemote>)
          HandleCompactRemote(op, reply, scope);
        else if constexpr (std::is_same_v<T, model::EditRegion>)
          HandleEditRegion(op, reply, scope);
        else if constexpr (std::is_same_v<T, model::CopyRegion>)
          HandleCopyRegion(op, reply, scope);
        else if constexpr (std::is_same_v<T, model::EnterStaging>)
          HandleEnterStaging(op, reply, scope);
        else if constexpr (std::is_same_v<T, model::Remap>)
          HandleRemap(op, reply);
        else if constexpr (std::is_same_v<T, model::ApplyStaging>)
          HandleApplyStaging(op, reply, scope);
        else if constexpr (std::is_same_v<T, model::Alter>)
          HandleAlter(op, reply, scope);
        else if constexpr (std::is_same_v<T, model::Truncate>)
          HandleTruncate(op, reply, scope);
        else if constexpr (std::is_same_v<T, model::BuildIndex>)
          HandleBuildIndex(reply, scope);
        else if constexpr (std::is_same_v<T, model::Drop>)
          HandleDrop(reply);
        else if constexpr (std::is_same_v<T, model::Close>)
          HandleClose(reply, scope);
        else if constexpr (std::is_same_v<T, model::Open>)
          HandleOpen(op, reply);
        else if constexpr (std::is_same_v<T, model::Create>)
          HandleCreate(reply);
        else if constexpr (std::is_same_v<T, model::FollowerSync>)
          HandleFollowerSync(reply);
        else if constexpr (std::is_same_v<T, model::Catchup>)
          HandleCatchup(op, reply, scope);
        else if constexpr (std::is_same_v<T, model::Gc>)
          HandleGc(op, reply, scope);
        else if constexpr (std::is_same_v<T, model::Checkpoint>) {
          model::ErrorCode code;
          OpenRegion(&code);
          // A checkpoint is written by the Checkpointer: no version consumed, no hook.
          reply.Send(code == model::ErrorCode::kOk ? Status::Ok()
                                                   : Status::RegionNotFound("closed"));
        } else if constexpr (std::is_same_v<T, model::SetRole>)
          HandleSetRole(op, reply);
        else if constexpr (std::is_same_v<T, model::SetRoleGracefully>)
          HandleSetRoleGracefully(op, reply, scope);
        else if constexpr (std::is_same_v<T, model::OfflineCleanup>)
          HandleOfflineCleanup(reply);
        else if constexpr (std::is_same_v<T, model::DiscardUnflushed>) {
          HandleDiscardUnflushed(reply, scope);
        } else
          static_assert(kUnhandledOp<T>, "RefEngine::Dispatch has no handler for this op");
      },
      c.op);
}

void RefEngine::WaitIdle() {
  runtime_->Call("RefEngine::WaitIdle", [this]() REQUIRES(!idle_mu_) { WaitIdleOnRuntime(); });
}

void RefEngine::WaitIdleOnRuntime() {
  runtime::MutexLock l(&idle_mu_, "RefEngine::WaitIdle");
  // Untimed, as Submit's wait: work that can never end is the runtime's deadlock.
  while (busy_ > 0) idle_cv_.Wait(&idle_mu_, "RefEngine::WaitIdle:Wait");
  // Idle means every op has ended, so no fault may outlive it. The op's scope disarms it too, but
  // the last closure holding that scope can be destroyed a moment after the busy count reached
  // zero; a fault left armed then would strike the next op (seen as a flaky Storage reply).
  faults_.DisarmAll();
  sync_points_.ClearAll();
}

std::shared_ptr<ManifestContext> RefEngine::TEST_context() {
  std::shared_ptr<ManifestContext> ctx;
  runtime_->Call("RefEngine::TEST_context", [&]() REQUIRES(!idle_mu_) {
    const runtime::OneShot<std::shared_ptr<ManifestContext>> answer(runtime_.get());
    PostToWorker([this, answer] { answer.Set(region_ != nullptr ? region_->ctx : nullptr); });
    ctx = answer.Wait("RefEngine::TEST_context:Wait");
  });
  return ctx;
}

model::Observation RefEngine::Observe() {
  model::Observation o;
  runtime_->Call("RefEngine::Observe", [&]() REQUIRES(!idle_mu_) { o = ObserveOnRuntime(); });
  return o;
}

model::Observation RefEngine::ObserveOnRuntime() {
  const runtime::OneShot<model::Observation> answer(runtime_.get());
  PostToWorker([this, answer] {
    model::Observation o;
    switch (presence_) {
      case Presence::kOpen:
        o.presence = model::Presence::kOpen;
        break;
      case Presence::kClosed:
        o.presence = model::Presence::kClosed;
        break;
      case Presence::kDropped:
        o.presence = model::Presence::kDropped;
        break;
    }
    if (presence_ == Presence::kOpen && region_ != nullptr) {
      o.role = region_->ctx->state();
      const RegionManifest live = region_->ctx->LiveManifest();
      for (const auto& [id, f] : live.files) o.live_files.push_back(id);
      o.manifest_version = region_->ctx->LastVersion();
      o.live_partition_expr = live.partition_expr;
      o.payloads_reported = options_.record_payloads;
      for (const auto& [v, actions] : store_.ListManifestDeltas(kRegionId, ManifestDir::kStaging)) {
        // With their payload fields when the recorder reports them, as the promotion MU will.
        const std::vector<model::Action> staged =
            options_.record_payloads ? ToModelActionsWithPayload(actions) : ToModelActions(actions);
        o.staged_actions.insert(o.staged_actions.end(), staged.begin(), staged.end());
      }
    }
    answer.Set(std::move(o));
  });
  return answer.Wait("RefEngine::Observe:Wait");
}

std::vector<HookEvent> RefEngine::TakeEvents() { return recorder_.TakeEvents(); }

std::optional<RunStop> RefEngine::RunStopped() const {
  if (runtime_->Ok()) return std::nullopt;
  const runtime::RunReport report = runtime_->Peek();
  stop_reported_.store(true);
  RunStop stop{RunStop::Kind::kViolation, report.Format()};
  if (report.outcome == runtime::Outcome::kBudgetExhausted) stop.kind = RunStop::Kind::kUnknown;
  if (report.outcome == runtime::Outcome::kBadSchedule) stop.kind = RunStop::Kind::kBadSchedule;
  return stop;
}

void RefEngine::TakeTrace(std::vector<HookEvent>* callbacks, std::vector<LockEvent>* locks) {
  recorder_.TakeTrace(callbacks, locks);
}

std::string RefEngine::Name() const {
  if (options_.mutant == Mutant::kNone) return "ref";
  return "ref+mutant:" + std::string(engine::Name(options_.mutant));
}

}  // namespace hookcheck::engine
