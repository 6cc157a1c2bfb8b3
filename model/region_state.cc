// File: model/region_state.cc
// InitialState, Fingerprint, Observe and ToString of the region state in model/region_state.h.
#include "model/region_state.h"

#include <bit>
#include <cstring>

namespace hookcheck::model {
namespace {

// Word-at-a-time: every field is packed losslessly into 64-bit words, and each word is absorbed
// with one 64x64->128-bit multiply folded to 64 bits (the wyhash step), chained through the
// running hash. Deterministic across runs and platforms (fixed constants, no seeding, no
// addresses). The word stream is prefix-decodable, so distinct states give distinct streams:
// every variable-length field is preceded by its length, every optional by a presence flag, and
// small fields share a word only at fixed bit positions.
class Hasher {
 public:
  void Word(uint64_t w) {
    const unsigned __int128 p =
        static_cast<unsigned __int128>(w ^ 0xa0761d6478bd642fULL) * (h_ ^ 0xe7037ed1a0b428dbULL);
    h_ = static_cast<uint64_t>(p) ^ static_cast<uint64_t>(p >> 64);
  }
  // A length, tagged with the field it belongs to (`tag` < 256).
  void Len(uint64_t tag, size_t n) {
    if (n < (uint64_t{1} << 48)) {
      Word(tag << 56 | n);
    } else {
      Word(tag << 56 | uint64_t{1} << 55);  // not reachable in practice; kept lossless
      Word(n);
    }
  }
  void Bytes(uint64_t tag, const std::vector<uint8_t>& v) {
    Len(tag, v.size());
    size_t i = 0;
    for (; i + 8 <= v.size(); i += 8) {
      uint64_t w;
      std::memcpy(&w, v.data() + i, 8);
      Word(Le(w));
    }
    if (i < v.size()) {
      uint64_t w = 0;
      for (size_t k = 0; i + k < v.size(); ++k) w |= uint64_t{v[i + k]} << (8 * k);
      Word(w);
    }
  }
  void File(const FileMeta& f) {
    static_assert(sizeof(FileId) == 4 && sizeof(f.rows) == 4);
    Word(uint64_t{f.id} | uint64_t{f.rows} << 32);
    Word(uint64_t{f.min_ts} | uint64_t{f.max_ts} << 8 | uint64_t{f.needs_index} << 16 |
         uint64_t{f.index_gen} << 24);
  }
  void Files(uint64_t tag, const std::vector<FileMeta>& fs) {
    Len(tag, fs.size());
    for (const FileMeta& f : fs) File(f);
  }
  void Ids(uint64_t tag, const std::vector<FileId>& ids) {
    Len(tag, ids.size());
    size_t i = 0;
    for (; i + 2 <= ids.size(); i += 2) Word(uint64_t{ids[i]} | uint64_t{ids[i + 1]} << 32);
    if (i < ids.size()) Word(ids[i]);
  }
  void Act(const Action& a) {
    Word(uint64_t{static_cast<uint8_t>(a.kind)} | uint64_t{a.expr} << 8 |
         uint64_t{a.flushed_entry_id.has_value()} << 16 |
         uint64_t{a.flushed_sequence.has_value()} << 17 |
         uint64_t{a.committed_sequence.has_value()} << 18 |
         uint64_t{a.truncated_entry_id.has_value()} << 19);
    Ids(1, a.add);
    Ids(2, a.remove);
    // The payload fields (issue 8 item 6), each only when set, after its presence flag above.
    for (const std::optional<uint64_t>* f :
         {&a.flushed_entry_id, &a.flushed_sequence, &a.committed_sequence, &a.truncated_entry_id}) {
      if (f->has_value()) Word(**f);
    }
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
  static uint64_t Le(uint64_t w) {
    if constexpr (std::endian::native == std::endian::big) return __builtin_bswap64(w);
    return w;
  }
  uint64_t h_ = 0x8ebc6af09c88c6e3ULL;
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
           (f.needs_index ? ", needs index" : "") + ", index gen " + std::to_string(f.index_gen) +
           "}";
  }
  return out + "]";
}

std::string OptToString(const std::optional<uint64_t>& v) {
  return v ? std::to_string(*v) : std::string("none");
}

}  // namespace

RegionState InitialState() { return RegionState{}; }

uint64_t Fingerprint(const RegionState& s) {
  static_assert(sizeof(Presence) == 1 && sizeof(RoleState) == 1 && sizeof(PartitionExpr) == 1 &&
                sizeof(StagingDirective) == 1);
  Hasher h;
  // The one-byte fields and the optionals' presence flags, at fixed positions.
  const uint64_t directive =
      s.staging_directive ? 1 + uint64_t{static_cast<uint8_t>(*s.staging_directive)} : 0;
  const uint64_t flags = uint64_t{s.reject_writes} | uint64_t{s.remap_blob.has_value()} << 1 |
                         uint64_t{s.truncated_entry_id.has_value()} << 2 |
                         uint64_t{s.persisted.truncated_entry_id.has_value()} << 3 |
                         uint64_t{s.fetcher_answers} << 4;
  h.Word(uint64_t{static_cast<uint8_t>(s.presence)} | uint64_t{static_cast<uint8_t>(s.role)} << 8 |
         uint64_t{s.live_expr} << 16 | uint64_t{s.version_expr} << 24 |
         uint64_t{s.staging_expr} << 32 | uint64_t{s.persisted.expr} << 40 | directive << 48 |
         flags << 56);
  h.Word(uint64_t{s.index_gen} | uint64_t{s.persisted.index_gen} << 8);
  h.Word(s.last_entry_id);
  h.Word(s.truncated_entry_id.value_or(0));
  h.Word(s.flushed_entry_id);
  h.Word(s.persisted.truncated_entry_id.value_or(0));
  h.Word(s.persisted.flushed_entry_id);
  h.Word(s.persisted.version);
  h.Word(s.last_version);
  h.Word(s.next_file_id);
  h.Bytes(3, s.memtable);
  h.Bytes(13, s.wal_unreplayed);
  h.Files(4, s.live_files);
  h.Files(5, s.persisted.files);
  h.Word(s.version_files.has_value());
  if (s.version_files) h.Files(12, *s.version_files);
  h.Len(6, s.staged_actions.size());
  for (const Action& a : s.staged_actions) h.Act(a);
  h.Files(7, s.staged_files);
  const PersistedLive& b = s.remote_base;
  h.Word(s.staged_flushed_entry_id);
  h.Word(s.staged_flushed_sequence);
  h.Word(s.committed_sequence);
  h.Word(s.flushed_sequence);
  h.Word(s.persisted.flushed_sequence);
  h.Word(b.flushed_sequence);
  h.Word(s.persisted.committed_sequence);
  h.Word(b.committed_sequence);
  if (s.remap_blob) h.Files(8, *s.remap_blob);
  h.Len(9, s.remote_tail.size());
  for (const RemoteDelta& d : s.remote_tail) {
    h.Word(d.version);
    h.Act(d.edit);
    h.Files(10, d.new_files);
  }
  h.Files(11, b.files);
  h.Word(uint64_t{b.expr} | uint64_t{b.index_gen} << 8 |
         uint64_t{b.truncated_entry_id.has_value()} << 16);
  h.Word(b.truncated_entry_id.value_or(0));
  h.Word(b.flushed_entry_id);
  h.Word(b.version);
  return h.Finish();
}

bool LiveDirDiffers(const RegionState& s) {
  const PersistedLive& p = s.persisted;
  return !(p.files == s.live_files && p.expr == s.live_expr && p.index_gen == s.index_gen &&
           p.truncated_entry_id == s.truncated_entry_id &&
           p.flushed_entry_id == s.flushed_entry_id && p.flushed_sequence == s.flushed_sequence);
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
  out += "], last entry " + std::to_string(s.last_entry_id);
  if (!s.wal_unreplayed.empty()) {
    out += ", WAL rows before it [";
    for (size_t i = 0; i < s.wal_unreplayed.size(); ++i) {
      if (i > 0) out += ',';
      out += std::to_string(s.wal_unreplayed[i]);
    }
    out += "]";
  }
  out += "\n";
  out += "live " + FilesToString(s.live_files) + " expr " + std::to_string(s.live_expr) +
         " truncated " + OptToString(s.truncated_entry_id) + " flushed " +
         std::to_string(s.flushed_entry_id) + "\n";
  if (LiveDirDiffers(s)) {
    out += "persisted live " + FilesToString(s.persisted.files) + " expr " +
           std::to_string(s.persisted.expr) + " truncated " +
           OptToString(s.persisted.truncated_entry_id) + " flushed " +
           std::to_string(s.persisted.flushed_entry_id) + "\n";
  }
  if (s.version_files) out += "version files " + FilesToString(*s.version_files) + "\n";
  out += "version expr " + std::to_string(s.version_expr) + " index gen " +
         std::to_string(s.index_gen) + " (live dir " + std::to_string(s.persisted.index_gen) +
         ")\n";
  out += "staged " + ToString(s.staged_actions) + " files " + FilesToString(s.staged_files) + "\n";
  out += "staging directive ";
  out += s.staging_directive ? std::string(Name(*s.staging_directive)) : std::string("none");
  out += " expr " + std::to_string(s.staging_expr) + (s.reject_writes ? " rejecting writes" : "");
  out +=
      " remap blob " + (s.remap_blob ? FilesToString(*s.remap_blob) : std::string("none")) + "\n";
  if (!s.remote_tail.empty()) {
    out += "remote deltas above the counter:";
    for (const RemoteDelta& d : s.remote_tail) {
      out += " v" + std::to_string(d.version) + " " + ToString(d.edit);
    }
    out += " over live dir " + FilesToString(s.remote_base.files) + "\n";
  }
  out += "version " + std::to_string(s.last_version) + " (live dir max " +
         std::to_string(s.persisted.version) + "), next file " + std::to_string(s.next_file_id);
  return out;
}

}  // namespace hookcheck::model
