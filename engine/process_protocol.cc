// The JSON encoders and schema-checking decoders of engine/process_protocol.h.
#include "engine/process_protocol.h"

#include <cstdio>
#include <limits>
#include <stdexcept>

#include "model/types.h"

namespace hookcheck::engine::protocol {
namespace {

using nlohmann::json;

// Thrown inside this file only, caught at each decoder's boundary.
struct SchemaError {
  std::string message;
};

[[noreturn]] void Fail(const std::string& path, const std::string& problem) {
  throw SchemaError{path + ": " + problem};
}

std::string Shown(const json& j) { return Show(j, 40); }

const json& Field(const json& object, const std::string& path, const char* key) {
  if (!object.is_object()) Fail(path, "expected an object, got " + Shown(object));
  auto it = object.find(key);
  if (it == object.end()) Fail(path + "." + key, "missing");
  return *it;
}

uint64_t Unsigned(const json& j, const std::string& path, uint64_t max) {
  if (!j.is_number_unsigned() && !(j.is_number_integer() && j.get<int64_t>() >= 0)) {
    Fail(path, "expected an unsigned integer, got " + Shown(j));
  }
  const uint64_t v = j.get<uint64_t>();
  if (v > max) Fail(path, std::to_string(v) + " is out of range 0.." + std::to_string(max));
  return v;
}

bool Bool(const json& j, const std::string& path) {
  if (!j.is_boolean()) Fail(path, "expected true or false, got " + Shown(j));
  return j.get<bool>();
}

std::string String(const json& j, const std::string& path) {
  if (!j.is_string()) Fail(path, "expected a string, got " + Shown(j));
  return j.get<std::string>();
}

const json& Array(const json& j, const std::string& path) {
  if (!j.is_array()) Fail(path, "expected an array, got " + Shown(j));
  return j;
}

// An enum without a Parse function of its own, read back through its Name(): tries each value.
template <typename E>
E ByName(const json& j, const std::string& path, int count) {
  const std::string s = String(j, path);
  std::string known;
  for (int i = 0; i < count; ++i) {
    const E e = static_cast<E>(i);
    if (Name(e) == s) return e;
    known += (i ? ", " : "") + std::string(Name(e));
  }
  Fail(path, "'" + Excerpt(s, 40) + "' is not one of " + known);
}

std::vector<model::FileId> Files(const json& j, const std::string& path) {
  std::vector<model::FileId> out;
  const json& a = Array(j, path);
  for (size_t i = 0; i < a.size(); ++i) {
    out.push_back(static_cast<model::FileId>(Unsigned(a[i], path + "[" + std::to_string(i) + "]",
                                                      std::numeric_limits<model::FileId>::max())));
  }
  return out;
}

// The payload fields of an action, each present iff set.
constexpr std::pair<const char*, std::optional<uint64_t> model::Action::*> kActionPayload[] = {
    {"flushed_entry_id", &model::Action::flushed_entry_id},
    {"flushed_sequence", &model::Action::flushed_sequence},
    {"committed_sequence", &model::Action::committed_sequence},
    {"truncated_entry_id", &model::Action::truncated_entry_id},
};

json ToJson(const model::Action& a) {
  json j = {{"kind", model::Name(a.kind)}, {"add", a.add}, {"remove", a.remove}, {"expr", a.expr}};
  for (const auto& [key, field] : kActionPayload) {
    if (a.*field) j[key] = *(a.*field);
  }
  return j;
}

json ToJson(const model::SstFileInfo& f) {
  return {{"id", f.id},
          {"rows", f.rows},
          {"min_ts", f.min_ts},
          {"max_ts", f.max_ts},
          {"level", f.level}};
}

model::SstFileInfo FileInfoFrom(const json& j, const std::string& path) {
  model::SstFileInfo f;
  f.id = static_cast<model::FileId>(
      Unsigned(Field(j, path, "id"), path + ".id", std::numeric_limits<model::FileId>::max()));
  f.rows = static_cast<uint32_t>(
      Unsigned(Field(j, path, "rows"), path + ".rows", std::numeric_limits<uint32_t>::max()));
  f.min_ts = static_cast<uint8_t>(Unsigned(Field(j, path, "min_ts"), path + ".min_ts", 255));
  f.max_ts = static_cast<uint8_t>(Unsigned(Field(j, path, "max_ts"), path + ".max_ts", 255));
  f.level = static_cast<uint8_t>(Unsigned(Field(j, path, "level"), path + ".level", 255));
  return f;
}

model::Action ActionFrom(const json& j, const std::string& path) {
  model::Action a;
  const std::string kind = String(Field(j, path, "kind"), path + ".kind");
  auto k = model::ParseActionKind(kind);
  if (!k) Fail(path + ".kind", "'" + Excerpt(kind, 40) + "' is not an action kind");
  a.kind = *k;
  a.add = Files(Field(j, path, "add"), path + ".add");
  a.remove = Files(Field(j, path, "remove"), path + ".remove");
  a.expr = static_cast<model::PartitionExpr>(Unsigned(Field(j, path, "expr"), path + ".expr", 255));
  for (const auto& [key, field] : kActionPayload) {
    if (j.contains(key))
      a.*field = Unsigned(j[key], path + "." + key, std::numeric_limits<uint64_t>::max());
  }
  return a;
}

std::vector<model::Action> Actions(const json& j, const std::string& path) {
  std::vector<model::Action> out;
  const json& a = Array(j, path);
  for (size_t i = 0; i < a.size(); ++i)
    out.push_back(ActionFrom(a[i], path + "[" + std::to_string(i) + "]"));
  return out;
}

template <typename T, typename F>
std::optional<T> Decode(std::string* error, F&& f) {
  try {
    return f();
  } catch (const SchemaError& e) {
    *error = e.message;
  } catch (const json::exception& e) {
    *error = e.what();  // a defensive net: every access above is checked first
  }
  return std::nullopt;
}

}  // namespace

nlohmann::json ToJson(const model::ModelConfig& c) {
  return {{"contract", model::Name(c.contract)},
          {"auto_compact_threshold", c.auto_compact_threshold},
          {"index_mode", model::Name(c.index_mode)},
          {"skip_wal", c.skip_wal},
          {"index_build_slots", c.index_build_slots},
          {"remote_counter", model::Name(c.remote_counter)}};
}

nlohmann::json ToJson(const model::Observation& o) {
  json actions = json::array();
  for (const model::Action& a : o.staged_actions) actions.push_back(ToJson(a));
  return {{"presence", model::Name(o.presence)},
          {"role", model::Name(o.role)},
          {"live_files", o.live_files},
          {"manifest_version", o.manifest_version},
          {"staged_actions", actions},
          {"payloads", o.payloads_reported},
          {"live_partition_expr", o.live_partition_expr}};
}

nlohmann::json ToJson(const HookEvent& e) {
  json actions = json::array();
  for (const model::Action& a : e.actions) actions.push_back(ToJson(a));
  json j = {{"callback", model::Name(e.callback)},
            {"region", e.region},
            {"version", e.version},
            {"actions", actions},
            {"files", e.files},
            {"lock_held", Name(e.lock_held)},
            {"lock_site", e.lock_site},
            {"on_compactor", e.on_compactor},
            {"on_worker_loop", e.on_worker_loop},
            {"thread", e.thread},
            {"seq", e.seq}};
  if (e.payload_reported) {
    json infos = json::array();
    for (const model::SstFileInfo& f : e.file_infos) infos.push_back(ToJson(f));
    j["file_infos"] = infos;
    j["gc_region_dropped"] = e.gc_region_dropped;
    j["gc_full_listing"] = e.gc_full_listing;
  }
  return j;
}

nlohmann::json ToJson(const LockEvent& e) {
  json j = {{"kind", "lock"},
            {"op", e.acquire ? "acquire" : "release"},
            {"mode", Name(e.mode)},
            {"thread", e.thread},
            {"seq", e.seq},
            {"lock", e.lock},
            {"on_compactor", e.on_compactor}};
  if (e.acquire) j["site"] = e.site;
  return j;
}

nlohmann::json TraceToJson(const std::vector<HookEvent>& callbacks,
                           const std::vector<LockEvent>& locks) {
  json out = json::array();
  size_t c = 0, l = 0;
  while (c < callbacks.size() || l < locks.size()) {
    if (l == locks.size() || (c < callbacks.size() && callbacks[c].seq < locks[l].seq)) {
      json j = ToJson(callbacks[c++]);
      j["kind"] = "callback";
      out.push_back(std::move(j));
    } else {
      out.push_back(ToJson(locks[l++]));
    }
  }
  return out;
}

std::optional<model::ModelConfig> ConfigFromJson(const nlohmann::json& j, const std::string& where,
                                                 std::string* error) {
  return Decode<model::ModelConfig>(error, [&] {
    model::ModelConfig c;
    const std::string contract = String(Field(j, where, "contract"), where + ".contract");
    auto v = model::ParseContractVersion(contract);
    if (!v) Fail(where + ".contract", "'" + Excerpt(contract, 40) + "' is not one of seed, v3");
    c.contract = *v;
    c.auto_compact_threshold = static_cast<uint8_t>(Unsigned(
        Field(j, where, "auto_compact_threshold"), where + ".auto_compact_threshold", 255));
    const std::string index_mode = String(Field(j, where, "index_mode"), where + ".index_mode");
    auto mode = model::ParseIndexMode(index_mode);
    if (!mode)
      Fail(where + ".index_mode", "'" + Excerpt(index_mode, 40) + "' is not one of sync, async");
    c.index_mode = *mode;
    c.skip_wal = Bool(Field(j, where, "skip_wal"), where + ".skip_wal");
    const uint64_t slots =
        Unsigned(Field(j, where, "index_build_slots"), where + ".index_build_slots", 8);
    if (slots < 1) Fail(where + ".index_build_slots", "0 is out of range 1..8");
    c.index_build_slots = static_cast<uint8_t>(slots);
    const std::string counter =
        String(Field(j, where, "remote_counter"), where + ".remote_counter");
    auto rc = model::ParseRemoteCounter(counter);
    if (!rc)
      Fail(where + ".remote_counter",
           "'" + Excerpt(counter, 40) + "' is not one of upstream, closed");
    c.remote_counter = *rc;
    return c;
  });
}

std::optional<model::Observation> ObservationFromJson(const nlohmann::json& j,
                                                      const std::string& where,
                                                      std::string* error) {
  return Decode<model::Observation>(error, [&] {
    model::Observation o;
    o.presence = ByName<model::Presence>(Field(j, where, "presence"), where + ".presence", 3);
    const std::string role = String(Field(j, where, "role"), where + ".role");
    auto r = model::ParseRoleState(role);
    if (!r) Fail(where + ".role", "'" + Excerpt(role, 40) + "' is not a role state");
    o.role = *r;
    o.live_files = Files(Field(j, where, "live_files"), where + ".live_files");
    o.manifest_version = Unsigned(Field(j, where, "manifest_version"), where + ".manifest_version",
                                  std::numeric_limits<model::Version>::max());
    o.staged_actions = Actions(Field(j, where, "staged_actions"), where + ".staged_actions");
    // Optional: an engine that reports the staged actions' payload fields says so.
    o.payloads_reported = j.contains("payloads") && Bool(j["payloads"], where + ".payloads");
    o.live_partition_expr = static_cast<model::PartitionExpr>(
        Unsigned(Field(j, where, "live_partition_expr"), where + ".live_partition_expr", 255));
    return o;
  });
}

namespace {

// One callback entry. Version 1 requires lock_held and lock_site; version 2 makes them optional
// (the checker derives them) and requires a thread number.
HookEvent CallbackFrom(const json& ej, const std::string& path, int version,
                       bool* lock_held_given) {
  HookEvent e;
  e.callback = ByName<model::Callback>(Field(ej, path, "callback"), path + ".callback",
                                       model::kCallbackCount);
  // `region` is optional: the protocol drives one region, id 1.
  if (ej.contains("region")) {
    e.region = static_cast<model::RegionId>(
        Unsigned(ej["region"], path + ".region", std::numeric_limits<model::RegionId>::max()));
  }
  e.version = Unsigned(Field(ej, path, "version"), path + ".version",
                       std::numeric_limits<model::Version>::max());
  e.actions = Actions(Field(ej, path, "actions"), path + ".actions");
  e.files = Files(Field(ej, path, "files"), path + ".files");
  *lock_held_given = version == 1 || ej.contains("lock_held");
  if (*lock_held_given)
    e.lock_held = ByName<LockHeld>(Field(ej, path, "lock_held"), path + ".lock_held", 3);
  if (version == 1 || ej.contains("lock_site"))
    e.lock_site = String(Field(ej, path, "lock_site"), path + ".lock_site");
  e.on_compactor = Bool(Field(ej, path, "on_compactor"), path + ".on_compactor");
  // Optional: an engine without worker loops never sets it.
  if (ej.contains("on_worker_loop"))
    e.on_worker_loop = Bool(ej["on_worker_loop"], path + ".on_worker_loop");
  // Optional as a whole: an engine that sends "file_infos" reports every payload field.
  e.payload_reported = ej.contains("file_infos");
  if (e.payload_reported) {
    const json& infos = Array(ej["file_infos"], path + ".file_infos");
    for (size_t i = 0; i < infos.size(); ++i) {
      e.file_infos.push_back(
          FileInfoFrom(infos[i], path + ".file_infos[" + std::to_string(i) + "]"));
    }
    if (ej.contains("gc_region_dropped"))
      e.gc_region_dropped = Bool(ej["gc_region_dropped"], path + ".gc_region_dropped");
    if (ej.contains("gc_full_listing"))
      e.gc_full_listing = Bool(ej["gc_full_listing"], path + ".gc_full_listing");
  }
  e.thread =
      Unsigned(Field(ej, path, "thread"), path + ".thread", std::numeric_limits<uint64_t>::max());
  if (version >= 2 && e.thread == 0)
    Fail(path + ".thread", "0: version 2 needs a thread number of 1 or more");
  e.seq = Unsigned(Field(ej, path, "seq"), path + ".seq", std::numeric_limits<uint64_t>::max());
  return e;
}

LockEvent LockFrom(const json& ej, const std::string& path) {
  LockEvent e;
  const std::string op = String(Field(ej, path, "op"), path + ".op");
  if (op != "acquire" && op != "release")
    Fail(path + ".op", "'" + Excerpt(op, 40) + "' is not one of acquire, release");
  e.acquire = op == "acquire";
  e.mode = ByName<LockHeld>(Field(ej, path, "mode"), path + ".mode", 3);
  if (e.mode == LockHeld::kNone) Fail(path + ".mode", "'none' is not one of read, write");
  e.thread =
      Unsigned(Field(ej, path, "thread"), path + ".thread", std::numeric_limits<uint64_t>::max());
  if (e.thread == 0) Fail(path + ".thread", "0: a lock event needs a thread number of 1 or more");
  e.seq = Unsigned(Field(ej, path, "seq"), path + ".seq", std::numeric_limits<uint64_t>::max());
  if (ej.contains("site")) e.site = String(ej["site"], path + ".site");
  if (ej.contains("lock"))
    e.lock = Unsigned(ej["lock"], path + ".lock", std::numeric_limits<uint64_t>::max());
  if (ej.contains("on_compactor"))
    e.on_compactor = Bool(ej["on_compactor"], path + ".on_compactor");
  return e;
}

}  // namespace

std::optional<std::vector<HookEvent>> EventsFromJson(const nlohmann::json& j,
                                                     const std::string& where, std::string* error) {
  return Decode<std::vector<HookEvent>>(error, [&] {
    std::vector<HookEvent> out;
    const json& a = Array(j, where);
    bool given = true;
    for (size_t i = 0; i < a.size(); ++i)
      out.push_back(CallbackFrom(a[i], where + "[" + std::to_string(i) + "]", 1, &given));
    return out;
  });
}

std::optional<std::vector<TraceEntry>> TraceFromJson(const nlohmann::json& j,
                                                     const std::string& where, std::string* error) {
  return Decode<std::vector<TraceEntry>>(error, [&] {
    std::vector<TraceEntry> out;
    const json& a = Array(j, where);
    for (size_t i = 0; i < a.size(); ++i) {
      const std::string path = where + "[" + std::to_string(i) + "]";
      const std::string kind = String(Field(a[i], path, "kind"), path + ".kind");
      TraceEntry entry;
      if (kind == "lock") {
        entry.is_lock = true;
        entry.lock = LockFrom(a[i], path);
      } else if (kind == "callback") {
        entry.callback = CallbackFrom(a[i], path, 2, &entry.lock_held_given);
      } else {
        Fail(path + ".kind", "'" + Excerpt(kind, 40) + "' is not one of callback, lock");
      }
      out.push_back(std::move(entry));
    }
    return out;
  });
}

std::optional<TraceEntry> CallbackEntryFromJson(const nlohmann::json& j, const std::string& where,
                                                std::string* error) {
  return Decode<TraceEntry>(error, [&] {
    TraceEntry entry;
    entry.callback = CallbackFrom(j, where, 2, &entry.lock_held_given);
    return entry;
  });
}

std::optional<model::ErrorCode> ResultFromJson(const nlohmann::json& reply, std::string* error) {
  auto it = reply.is_object() ? reply.find("result") : reply.end();
  if (!reply.is_object() || it == reply.end()) {
    *error = "result: missing";
  } else if (!it->is_string()) {
    *error = "result: expected an error code name, got " + Show(*it, 40);
  } else if (auto code = model::ParseErrorCode(it->get<std::string>())) {
    return *code;
  } else {
    *error = "result: '" + Excerpt(it->get<std::string>(), 40) +
             "' is not an error code (Ok, RegionNotFound, ...)";
  }
  return std::nullopt;
}

std::optional<int> PickVersion(const nlohmann::json& hello, int newest, std::string* error) {
  std::vector<int64_t> offered;
  auto list = hello.find("protocols");
  auto one = hello.find("protocol");
  if (list != hello.end()) {
    if (!list->is_array()) {
      *error = "protocols: expected an array of versions, got " + Show(*list, 40);
      return std::nullopt;
    }
    for (const json& v : *list) {
      if (v.is_number_integer()) offered.push_back(v.get<int64_t>());
    }
  } else if (one != hello.end() && one->is_number_integer()) {
    offered.push_back(one->get<int64_t>());
  }
  std::optional<int> best;
  for (int64_t v : offered) {
    if (v >= kOldestProtocolVersion && v <= newest && (!best || v > *best))
      best = static_cast<int>(v);
  }
  if (!best) {
    const std::string asked = list != hello.end()  ? Show(*list, 40)
                              : one != hello.end() ? Show(*one, 40)
                                                   : "none";
    *error = "protocol: this engine speaks protocol " + std::to_string(kOldestProtocolVersion) +
             (newest > kOldestProtocolVersion ? ".." + std::to_string(newest) : std::string()) +
             ", the request offers " + asked;
  }
  return best;
}

bool NestedDeeperThan(const std::string& text, int limit) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if (c == ']' || c == '}') {
      --depth;  // unbalanced text goes negative; the parse refuses it
    }
  }
  return false;
}

std::optional<json> ParseLine(const std::string& line, std::string* error) {
  if (NestedDeeperThan(line, kMaxDepth)) {
    *error = "JSON nested deeper than " + std::to_string(kMaxDepth) + " levels";
    return std::nullopt;
  }
  // nlohmann's parser keeps its own stack: only the depth-bounded values it builds are recursed.
  json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    *error = "not JSON";
    return std::nullopt;
  }
  return j;
}

namespace {

// Appends j's JSON text to *out while out is shorter than `max`; the depth is bounded by
// ParseLine (kMaxDepth), the length by `max`.
void AppendShown(const json& j, size_t max, std::string* out) {
  if (out->size() > max) return;
  if (j.is_string()) {
    const std::string& s = j.get_ref<const std::string&>();
    // A prefix may end inside a UTF-8 sequence: replace rather than throw.
    const size_t take = max - out->size() + 1;
    *out += json(s.substr(0, take)).dump(-1, ' ', false, json::error_handler_t::replace);
    if (s.size() > take) out->pop_back();  // the closing quote of a cut string would mislead
  } else if (j.is_array()) {
    *out += '[';
    bool first = true;
    for (const json& e : j) {
      if (out->size() > max) return;
      if (!first) *out += ',';
      first = false;
      AppendShown(e, max, out);
    }
    *out += ']';
  } else if (j.is_object()) {
    *out += '{';
    bool first = true;
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (out->size() > max) return;
      if (!first) *out += ',';
      first = false;
      AppendShown(json(it.key()), max, out);
      *out += ':';
      AppendShown(it.value(), max, out);
    }
    *out += '}';
  } else {
    *out +=
        j.dump(-1, ' ', false, json::error_handler_t::replace);  // a number, a bool, null: short
  }
}

}  // namespace

std::string Show(const json& j, size_t max) {
  std::string out;
  AppendShown(j, max, &out);
  return Excerpt(out, max);
}

namespace {

// A cut may end inside a UTF-8 sequence: drop its first bytes so the excerpt stays UTF-8.
void DropPartialCharacter(std::string* out) {
  size_t start = out->size();
  while (start > 0 && out->size() - start < 4 &&
         (static_cast<unsigned char>((*out)[start - 1]) & 0xC0) == 0x80)
    --start;
  if (start == 0) return;
  const auto lead = static_cast<unsigned char>((*out)[start - 1]);
  const size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (need > 1 && out->size() - (start - 1) < need) out->resize(start - 1);
}

}  // namespace

std::string Excerpt(const std::string& text, size_t max) {
  std::string out;
  for (char c : text) {
    if (out.size() >= max) {
      DropPartialCharacter(&out);
      out += "...";
      break;
    }
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace hookcheck::engine::protocol
