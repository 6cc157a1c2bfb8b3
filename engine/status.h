// File: engine/status.h
// Defines `Status`, the engine's error value: a model::ErrorCode (the root cause, as the harness
// compares it) and a message for people. Built by named factories.
// Thread-safety: immutable value.
#ifndef HOOKCHECK_ENGINE_STATUS_H_
#define HOOKCHECK_ENGINE_STATUS_H_

#include <string>
#include <utility>

#include "model/types.h"

namespace hookcheck::engine {

class [[nodiscard]] Status {
 public:
  Status() = default;  // Ok
  static Status Ok() { return Status(); }
  static Status RegionNotFound(std::string m) {
    return {model::ErrorCode::kRegionNotFound, std::move(m)};
  }
  static Status RegionExists(std::string m) {
    return {model::ErrorCode::kRegionExists, std::move(m)};
  }
  static Status RegionState(std::string m) {
    return {model::ErrorCode::kRegionState, std::move(m)};
  }
  static Status RegionBusy(std::string m) { return {model::ErrorCode::kRegionBusy, std::move(m)}; }
  static Status InvalidRequest(std::string m) {
    return {model::ErrorCode::kInvalidRequest, std::move(m)};
  }
  static Status PartitionMismatch(std::string m) {
    return {model::ErrorCode::kPartitionMismatch, std::move(m)};
  }
  static Status Storage(std::string m) { return {model::ErrorCode::kStorage, std::move(m)}; }
  static Status Unexpected(std::string m) { return {model::ErrorCode::kUnexpected, std::move(m)}; }
  static Status CompactionFailed(std::string m) {
    return {model::ErrorCode::kCompactionFailed, std::move(m)};
  }
  static Status Unsupported(std::string m) {
    return {model::ErrorCode::kUnsupported, std::move(m)};
  }
  static Status Cancelled(std::string m) { return {model::ErrorCode::kCancelled, std::move(m)}; }
  static Status RegionTruncated(std::string m) {
    return {model::ErrorCode::kRegionTruncated, std::move(m)};
  }

  bool ok() const { return code_ == model::ErrorCode::kOk; }
  model::ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // Marks a deliberately ignored status (each call site says why).
  void IgnoreError() const {}

 private:
  Status(model::ErrorCode c, std::string m) : code_(c), message_(std::move(m)) {}
  model::ErrorCode code_ = model::ErrorCode::kOk;
  std::string message_;
};

}  // namespace hookcheck::engine

#endif  // HOOKCHECK_ENGINE_STATUS_H_
