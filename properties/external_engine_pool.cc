// Implements ExternalEnginePool.
#include "properties/external_engine_pool.h"

namespace hookcheck::properties {
namespace {

// Forwards to an external engine and records its break (with the commands that led to it) before
// the exception unwinds through the checker that owns the engine. Hands a healthy version 2
// engine back to the pool when the checker is done with it.
class RecordingEngine : public engine::Engine {
 public:
  RecordingEngine(std::unique_ptr<engine::ExternalEngine> engine, ExternalEnginePool* owner,
                  const model::ModelConfig& config)
      : engine_(std::move(engine)), owner_(owner), config_(config) {}
  ~RecordingEngine() override;

 private:
  // Defined before its callers: they deduce their return type from it.
  template <typename F>
  decltype(auto) Guard(F&& f) {
    try {
      return f();
    } catch (const engine::EngineBroke&) {
      owner_->RecordBreak(*engine_, config_);
      throw;
    }
  }

 public:
  model::ErrorCode Submit(const model::Command& command) override {
    return Guard([&] { return engine_->Submit(command); });
  }
  void WaitIdle() override {
    Guard([&] { engine_->WaitIdle(); });
  }
  model::Observation Observe() override {
    return Guard([&] { return engine_->Observe(); });
  }
  std::vector<engine::HookEvent> TakeEvents() override {
    return Guard([&] { return engine_->TakeEvents(); });
  }
  std::string Name() const override { return engine_->Name(); }

 private:
  std::unique_ptr<engine::ExternalEngine> engine_;
  ExternalEnginePool* const owner_;
  model::ModelConfig config_;
};

}  // namespace

RecordingEngine::~RecordingEngine() { owner_->Return(std::move(engine_), config_); }

std::unique_ptr<engine::Engine> ExternalEnginePool::Make(const model::ModelConfig& config) {
  if (broke()) ThrowBroken();
  if (stop_->Stopped()) throw StopRequested(stop_->Reason());
  progress_->Tick();
  if (std::optional<Idle> idle = TakeIdle()) {
    try {
      // The checker may have stopped mid-step: the protocol resets only an idle engine.
      idle->engine->WaitIdle();
      idle->engine->Reset(config);
    } catch (const engine::EngineBroke&) {
      RecordBreak(*idle->engine, idle->config);
      throw;
    }
    Count(/*started=*/false);
    return std::make_unique<RecordingEngine>(std::move(idle->engine), this, config);
  }
  std::unique_ptr<engine::ExternalEngine> engine = StartExternalEngine(spec_, config);
  if (engine->broken()) {
    RecordBreak(*engine, config);
    throw engine::EngineBroke(engine->state(), engine->error());
  }
  {
    MutexLock l(&mu_);
    if (breakage_.engine_name.empty()) breakage_.engine_name = engine->engine_name();
  }
  Count(/*started=*/true);
  return std::make_unique<RecordingEngine>(std::move(engine), this, config);
}

}  // namespace hookcheck::properties
