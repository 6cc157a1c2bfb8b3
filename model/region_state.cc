// File: model/region_state.cc
// InitialState, Fingerprint, Observe and ToString of the region state in model/region_state.h.
#include "model/region_state.h"

namespace hookcheck::model {
namespace {

// FNV-1a over bytes fed field by field. Every variable-length field is length-prefixed and every
// optional is tagged, so distinct states cannot collide by concatenation.
class Hasher {
 public:
  void Byte(uint8_t b) {
    h_ ^= b;
    h_ *= 0x100000001b3ULL;
  }
  void U64(uint64_t v) {
    for (int i = 0; i < 8; ++i) Byte(static_cast<uint8_t>(v >> (8 * i)));
  }
  void File(const FileMeta& f) {
    U64(f.id);
    Byte(f.min_ts);
    Byte(f.max_ts);
    U64(f.rows);
    Byte(f.needs_index);
  }
  void Files(const std::vector<FileMeta>& fs) {
    U64(fs.size());
    for (const FileMeta& f : fs) File(f);
  }
  void Ids(const std::vector<FileId>& ids) {
    U64(ids.size());
    for (FileId id : ids) U64(id);
  }
  void Act(const Action& a) {
    Byte(static_cast<uint8_t>(a.kind));
    Ids(a.add);
    Ids(a.remove);
    Byte(a.expr);
  }
  void OptU64(const std::optional<uint64_t>& v) {
    Byte(v.has_value());
    if (v) U64(*v);
  }
  // A final avalanche so that states differing in one low bit spread over the whole word (the
  // model checker splits its frontier by fingerprint range).
  uint64_t Finish() const {
    uint64_t x = h_;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
  }

 private:
  uint64_t h_ = 0xcbf29ce484222325ULL;
};

std::vector<FileId> Ids(const std::vector<FileMeta>& files) {
  std::vector<FileId> ids;
  ids.reserve(files.size());
  for (const FileMeta& f : files) ids.push_back(f.id);
  return ids;
}

std::string FilesToString(const std::vector<FileMeta>& files) {
  std::string out = "[";
  for (size_t i = 0; i < files.size(); ++i) {
    const FileMeta& f = files[i];
    if (i > 0) out += ", ";
    out += std::to_string(f.id) + "{rows " + std::to_string(f.rows) + ", ts " +
           std::to_string(f.min_ts) + ".." + std::to_string(f.max_ts) +
           (f.needs_index ? ", needs index" : "") + "}";
  }
  return out + "]";
}

std::string OptToString(const std::optional<uint64_t>& v) {
  return v ? std::to_string(*v) : std::string("none");
}

}  // namespace

RegionState InitialState() { return RegionState{}; }

uint64_t Fingerprint(const RegionState& s) {
  Hasher h;
  h.Byte(static_cast<uint8_t>(s.presence));
  h.Byte(static_cast<uint8_t>(s.role));
  h.U64(s.memtable.size());
  for (uint8_t ts : s.memtable) h.Byte(ts);
  h.U64(s.last_entry_id);
  h.Files(s.live_files);
  h.Byte(s.live_expr);
  h.OptU64(s.truncated_entry_id);
  h.U64(s.flushed_entry_id);
  h.Files(s.persisted.files);
  h.Byte(s.persisted.expr);
  h.OptU64(s.persisted.truncated_entry_id);
  h.U64(s.persisted.flushed_entry_id);
  h.U64(s.persisted.version);
  h.Byte(s.version_expr);
  h.U64(s.staged_actions.size());
  for (const Action& a : s.staged_actions) h.Act(a);
  h.Files(s.staged_files);
  h.Byte(s.staging_directive.has_value());
  if (s.staging_directive) h.Byte(static_cast<uint8_t>(*s.staging_directive));
  h.Byte(s.staging_expr);
  h.Byte(s.remap_blob.has_value());
  if (s.remap_blob) h.Files(*s.remap_blob);
  h.Byte(s.reject_writes);
  h.U64(s.last_version);
  h.U64(s.next_file_id);
  return h.Finish();
}

Observation Observe(const RegionState& s) {
  Observation o;
  o.presence = s.presence;
  if (s.presence != Presence::kOpen) return o;  // a region that is not open shows presence only
  o.role = s.role;
  o.live_files = Ids(s.live_files);
  o.manifest_version = s.last_version;
  o.staged_actions = s.staged_actions;
  o.live_partition_expr = s.live_expr;
  return o;
}

std::string ToString(const RegionState& s) {
  std::string out;
  out += "presence " + std::string(Name(s.presence)) + ", role " + std::string(Name(s.role)) + "\n";
  out += "memtable [";
  for (size_t i = 0; i < s.memtable.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(s.memtable[i]);
  }
  out += "], last entry " + std::to_string(s.last_entry_id) + "\n";
  out += "live " + FilesToString(s.live_files) + " expr " + std::to_string(s.live_expr) +
         " truncated " + OptToString(s.truncated_entry_id) + " flushed " +
         std::to_string(s.flushed_entry_id) + "\n";
  if (!(s.persisted.files == s.live_files && s.persisted.expr == s.live_expr &&
        s.persisted.truncated_entry_id == s.truncated_entry_id &&
        s.persisted.flushed_entry_id == s.flushed_entry_id)) {
    out += "persisted live " + FilesToString(s.persisted.files) + " expr " +
           std::to_string(s.persisted.expr) + " truncated " +
           OptToString(s.persisted.truncated_entry_id) + " flushed " +
           std::to_string(s.persisted.flushed_entry_id) + "\n";
  }
  out += "version expr " + std::to_string(s.version_expr) + "\n";
  out += "staged " + ToString(s.staged_actions) + " files " + FilesToString(s.staged_files) + "\n";
  out += "staging directive ";
  out += s.staging_directive ? std::string(Name(*s.staging_directive)) : std::string("none");
  out += " expr " + std::to_string(s.staging_expr) + (s.reject_writes ? " rejecting writes" : "");
  out += " remap blob " + (s.remap_blob ? FilesToString(*s.remap_blob) : std::string("none")) + "\n";
  out += "version " + std::to_string(s.last_version) + " (live dir max " +
         std::to_string(s.persisted.version) + "), next file " + std::to_string(s.next_file_id);
  return out;
}

}  // namespace hookcheck::model
