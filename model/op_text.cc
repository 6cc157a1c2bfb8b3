#include "model/op_text.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <sstream>
#include <utility>

namespace hookcheck::model {
namespace {

// The roles a command may set (SetRole role=, fault=role_change:): the lock-free set_role of
// upstream switches only between follower, leader and downgrading leader.
std::optional<RoleState> ParseSettableRole(std::string_view s) {
  auto role = ParseRoleState(s);
  if (!role || (*role != RoleState::kFollower && *role != RoleState::kWritable &&
                *role != RoleState::kDowngrading)) {
    return std::nullopt;
  }
  return role;
}

// The one quoting helper of this file: at most the first `max` bytes of `text` ("..." appended
// when cut), bytes outside printable ASCII as \xHH, so an error shows what is really there and a
// huge value cannot make a huge message.
std::string Visible(std::string_view text, size_t max = 40) {
  std::string out;
  const bool cut = text.size() > max;
  for (unsigned char ch : text.substr(0, max)) {
    if (ch >= 0x20 && ch < 0x7f) {
      out += static_cast<char>(ch);
    } else {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02X", ch);
      out += hex;
    }
  }
  if (cut) out += "...";
  return out;
}

// Remembers the keys of one line, so a key given twice is refused rather than the last one winning.
class SeenKeys {
 public:
  // False if `key` was already seen.
  bool Add(std::string_view key) {
    if (std::find(keys_.begin(), keys_.end(), key) != keys_.end()) return false;
    keys_.push_back(key);
    return true;
  }

 private:
  std::vector<std::string_view> keys_;
};

// Each op's fields are described once, by `DescribeFields`, and walked by two visitors: one that
// writes `key=value` pairs and one that reads them. Adding a field to an op means one line here.

class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}
  void Int(std::string_view key, uint8_t& v, int /*lo*/, int /*hi*/) {
    Put(key, std::to_string(v));
  }
  void Bool(std::string_view key, bool& v) { Put(key, v ? "1" : "0"); }
  template <class E>
  void Enum(std::string_view key, E& v, int /*count*/) {
    Put(key, std::string(Name(v)));
  }
  void Role(std::string_view key, RoleState& v) { Put(key, std::string(ShortName(v))); }

 private:
  void Put(std::string_view key, const std::string& value) {
    *out_ += ' ';
    *out_ += key;
    *out_ += '=';
    *out_ += value;
  }
  std::string* out_;
};

// Reads one `key=value` pair into whichever field has that key.
class Reader {
 public:
  Reader(std::string_view key, std::string_view value) : key_(key), value_(value) {}

  void Int(std::string_view key, uint8_t& v, int lo, int hi) {
    if (key != key_) return;
    found_ = true;
    int parsed = 0;
    auto [end, ec] = std::from_chars(value_.data(), value_.data() + value_.size(), parsed);
    if (ec != std::errc() || end != value_.data() + value_.size()) {
      Fail("is not a whole number");
    } else if (parsed < lo || parsed > hi) {
      Fail("is out of range " + std::to_string(lo) + ".." + std::to_string(hi));
    } else {
      v = static_cast<uint8_t>(parsed);
    }
  }
  void Bool(std::string_view key, bool& v) {
    if (key != key_) return;
    found_ = true;
    if (value_ == "1" || value_ == "true") {
      v = true;
    } else if (value_ == "0" || value_ == "false") {
      v = false;
    } else {
      Fail("is not a boolean (0, 1, true, false)");
    }
  }
  template <class E>
  void Enum(std::string_view key, E& v, int count) {
    if (key != key_) return;
    found_ = true;
    std::string choices;
    for (int i = 0; i < count; ++i) {
      E candidate = static_cast<E>(i);
      if (Name(candidate) == value_) {
        v = candidate;
        return;
      }
      choices += (i ? ", " : "") + std::string(Name(candidate));
    }
    Fail("is not one of " + choices);
  }
  void Role(std::string_view key, RoleState& v) {
    if (key != key_) return;
    found_ = true;
    if (auto role = ParseSettableRole(value_)) {
      v = *role;
    } else {
      Fail("is not one of F, W, Dg");
    }
  }

  bool found() const { return found_; }
  const std::string& error() const { return error_; }

 private:
  void Fail(const std::string& why) { error_ = Visible(key_) + "=" + Visible(value_) + " " + why; }

  std::string_view key_, value_;
  bool found_ = false;
  std::string error_;
};

template <class V>
void DescribeFields(Put& o, V& v) {
  v.Int("ts", o.ts, 0, 15);
}
template <class V>
void DescribeFields(Flush&, V&) {}
template <class V>
void DescribeFields(CompactLocal& o, V& v) {
  v.Int("expire_before", o.expire_before, 0, 16);
  v.Int("failed_outputs", o.failed_outputs, 0, 255);
  v.Bool("crash", o.crash);
  v.Bool("budget_fails", o.budget_fails);
}
template <class V>
void DescribeFields(CompactRemote& o, V& v) {
  v.Bool("plugins", o.plugins);
  v.Int("expire_before", o.expire_before, 0, 16);
}
template <class V>
void DescribeFields(EditRegion& o, V& v) {
  v.Int("add", o.add, 0, 16);
  v.Int("remove", o.remove, 0, 16);
  v.Int("rows", o.rows, 0, 255);
  v.Int("queued", o.queued, 0, 16);
}
template <class V>
void DescribeFields(CopyRegion& o, V& v) {
  v.Int("source_files", o.source_files, 0, 16);
}
template <class V>
void DescribeFields(EnterStaging& o, V& v) {
  v.Enum("directive", o.directive, 2);
  v.Int("expr", o.expr, 1, 3);
}
template <class V>
void DescribeFields(Remap& o, V& v) {
  v.Int("files", o.files, 0, 16);
}
template <class V>
void DescribeFields(ApplyStaging& o, V& v) {
  v.Int("expr", o.expr, 1, 3);
}
template <class V>
void DescribeFields(Alter& o, V& v) {
  v.Enum("kind", o.kind, 5);
}
template <class V>
void DescribeFields(Truncate& o, V& v) {
  v.Bool("all", o.all);
  v.Int("lo", o.lo, 0, 15);
  v.Int("hi", o.hi, 0, 15);
}
template <class V>
void DescribeFields(BuildIndex&, V&) {}
template <class V>
void DescribeFields(Drop&, V&) {}
template <class V>
void DescribeFields(Close&, V&) {}
template <class V>
void DescribeFields(Open& o, V& v) {
  v.Bool("fetch_partition_expr", o.fetch_partition_expr);
}
template <class V>
void DescribeFields(Create&, V&) {}
template <class V>
void DescribeFields(FollowerSync&, V&) {}
template <class V>
void DescribeFields(Catchup& o, V& v) {
  v.Bool("set_writable", o.set_writable);
}
template <class V>
void DescribeFields(Gc& o, V& v) {
  v.Bool("full_listing", o.full_listing);
}
template <class V>
void DescribeFields(Checkpoint&, V&) {}
template <class V>
void DescribeFields(SetRole& o, V& v) {
  v.Role("role", o.role);
}
template <class V>
void DescribeFields(SetRoleGracefully& o, V& v) {
  v.Enum("target", o.target, 4);
}
template <class V>
void DescribeFields(OfflineCleanup&, V&) {}
template <class V>
void DescribeFields(DiscardUnflushed&, V&) {}

template <std::size_t... I>
std::optional<Op> DefaultOpNamed(std::string_view name, std::index_sequence<I...>) {
  std::optional<Op> op;
  ((OpName(static_cast<int>(I)) == name ? (op = Op(std::in_place_index<I>), 0) : 0), ...);
  return op;
}

std::vector<std::string_view> SplitWords(std::string_view line) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

std::string_view StripComment(std::string_view line) {
  size_t hash = line.find('#');
  return hash == std::string_view::npos ? line : line.substr(0, hash);
}

bool IsBlank(std::string_view line) { return SplitWords(line).empty(); }

// Parses the fault value: "save_fails", "role_change:F", ...
std::optional<Fault> ParseFault(std::string_view value, std::string* error) {
  std::string_view kind = value, role;
  if (size_t colon = value.find(':'); colon != std::string_view::npos) {
    kind = value.substr(0, colon);
    role = value.substr(colon + 1);
  }
  Fault fault;
  bool known = false;
  for (int i = 0; i < kFaultKindCount; ++i) {
    if (Name(static_cast<FaultKind>(i)) == kind) {
      fault.kind = static_cast<FaultKind>(i);
      known = true;
    }
  }
  if (!known) {
    *error = "fault=" + Visible(value) +
             " is not one of none, save_fails, rebuild_fails, sst_write_fails, role_change:ROLE, " +
             "flush_cancelled";
    return std::nullopt;
  }
  if (fault.kind == FaultKind::kRoleChangeBeforeCommit) {
    auto parsed = ParseSettableRole(role);
    if (!parsed) {
      *error = "fault=" + Visible(value) +
               " needs a role: role_change:F, role_change:W or role_change:Dg";
      return std::nullopt;
    }
    fault.role = *parsed;
  } else if (!role.empty()) {
    *error = "fault=" + Visible(value) + ": only role_change takes a role";
    return std::nullopt;
  }
  return fault;
}

std::string FormatConfig(const ModelConfig& c) {
  return "@config contract=" + std::string(Name(c.contract)) +
         " auto_compact_threshold=" + std::to_string(c.auto_compact_threshold) +
         " index_mode=" + std::string(Name(c.index_mode)) +
         " skip_wal=" + (c.skip_wal ? "1" : "0") +
         " index_build_slots=" + std::to_string(c.index_build_slots) +
         " remote_counter=" + std::string(Name(c.remote_counter));
}

// Parses the words after "@config".
std::string ParseConfigWords(const std::vector<std::string_view>& words, ModelConfig* c) {
  SeenKeys seen;
  for (size_t i = 1; i < words.size(); ++i) {
    std::string_view word = words[i];
    size_t eq = word.find('=');
    if (eq == std::string_view::npos) return "@config: '" + Visible(word) + "' is not key=value";
    std::string_view key = word.substr(0, eq), value = word.substr(eq + 1);
    if (!seen.Add(key)) return "@config: " + Visible(key) + " given twice";
    if (key == "contract") {
      auto v = ParseContractVersion(value);
      if (!v)
        return "@config: contract=" + Visible(value) + " is not one of seed (v1), v2, v3, v4, v5";
      c->contract = *v;
      continue;
    }
    if (key == "noop_wal" || key == "async_index") {
      return "@config: '" + Visible(key) +
             "' is gone: the defaults are upstream's (a real WAL, Sync index " +
             "mode); write skip_wal=1 or index_mode=async instead";
    }
    Reader reader(key, value);
    reader.Int("auto_compact_threshold", c->auto_compact_threshold, 0, 255);
    reader.Enum("index_mode", c->index_mode, 2);
    reader.Bool("skip_wal", c->skip_wal);
    reader.Int("index_build_slots", c->index_build_slots, 1, 8);
    reader.Enum("remote_counter", c->remote_counter, 2);
    if (!reader.found()) return "@config: unknown key '" + Visible(key) + "'";
    if (!reader.error().empty()) return "@config: " + reader.error();
    if (c->auto_compact_threshold == 1)
      return "@config: auto_compact_threshold=1 is invalid (0 or 2..255)";
  }
  return "";
}

}  // namespace

std::string FormatCommand(const Command& command) {
  Op op = command.op;
  std::string out(OpName(op));
  Writer writer(&out);
  std::visit([&](auto& alternative) { DescribeFields(alternative, writer); }, op);
  if (command.fault.kind != FaultKind::kNone) {
    out += " fault=";
    out += Name(command.fault.kind);
    if (command.fault.kind == FaultKind::kRoleChangeBeforeCommit) {
      out += ':';
      out += ShortName(command.fault.role);
    }
  }
  return out;
}

ParsedCommand ParseCommand(std::string_view line) {
  std::vector<std::string_view> words = SplitWords(StripComment(line));
  if (words.empty()) return {std::nullopt, "empty command"};
  std::optional<Op> op = DefaultOpNamed(words[0], std::make_index_sequence<kOpKindCount>());
  if (!op) return {std::nullopt, "unknown op '" + Visible(words[0]) + "'"};
  Command command{*op, {}};
  const std::string op_name(words[0]);
  SeenKeys seen;
  for (size_t i = 1; i < words.size(); ++i) {
    std::string_view word = words[i];
    size_t eq = word.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return {std::nullopt, op_name + ": '" + Visible(word) + "' is not key=value"};
    }
    std::string_view key = word.substr(0, eq), value = word.substr(eq + 1);
    if (!seen.Add(key)) return {std::nullopt, op_name + ": " + Visible(key) + " given twice"};
    if (key == "fault") {
      std::string error;
      auto fault = ParseFault(value, &error);
      if (!fault) return {std::nullopt, op_name + ": " + error};
      command.fault = *fault;
      continue;
    }
    Reader reader(key, value);
    std::visit([&](auto& alternative) { DescribeFields(alternative, reader); }, command.op);
    if (!reader.found()) return {std::nullopt, op_name + ": unknown key '" + Visible(key) + "'"};
    if (!reader.error().empty()) return {std::nullopt, op_name + ": " + reader.error()};
  }
  return {command, ""};
}

std::string FormatSequence(const Sequence& sequence) {
  std::string out = FormatConfig(sequence.config) + "\n";
  for (const Command& c : sequence.commands) out += FormatCommand(c) + "\n";
  return out;
}

namespace {

// ParseSequence, starting from `config` (the flags, for the inline form) before any @config.
ParsedSequence ParseSequenceFrom(std::string_view text, std::string_view name,
                                 const ModelConfig& config) {
  Sequence sequence;
  sequence.config = config;
  int line_number = 0;
  int config_line = 0;  // of the @config line, once seen
  bool seen_command = false;
  // A byte order mark some editors write at the start of a UTF-8 file is not part of the text.
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    std::string where = std::string(name) + ":" + std::to_string(line_number) + ": ";
    if (line.find('\0') != std::string_view::npos)
      return {std::nullopt, where + "contains a NUL byte"};
    std::string_view content = StripComment(line);
    if (IsBlank(content)) continue;
    std::vector<std::string_view> words = SplitWords(content);
    if (words[0] == "@config") {
      if (seen_command) return {std::nullopt, where + "@config must come before the first command"};
      if (config_line != 0) {
        return {std::nullopt, where + "a second @config (the first is on line " +
                                  std::to_string(config_line) + ")"};
      }
      config_line = line_number;
      if (std::string error = ParseConfigWords(words, &sequence.config); !error.empty()) {
        return {std::nullopt, where + error};
      }
      continue;
    }
    ParsedCommand parsed = ParseCommand(content);
    if (!parsed.command) return {std::nullopt, where + parsed.error};
    sequence.commands.push_back(*parsed.command);
    seen_command = true;
  }
  if (!seen_command)
    return {std::nullopt, std::string(name) + ": no commands: an empty sequence checks nothing"};
  return {sequence, ""};
}

}  // namespace

std::string ParseConfig(std::string_view words, ModelConfig* config) {
  std::vector<std::string_view> split = SplitWords(words);
  split.insert(split.begin(), "@config");
  ModelConfig parsed = *config;
  std::string error = ParseConfigWords(split, &parsed);
  if (error.empty()) *config = parsed;
  return error;
}

std::string FormatConfigWords(const ModelConfig& config) {
  return FormatConfig(config).substr(std::string_view("@config ").size());
}

ParsedSequence ParseSequence(std::string_view text, std::string_view name) {
  return ParseSequenceFrom(text, name, ModelConfig{});
}

std::string FormatInline(const std::vector<Command>& commands) {
  std::string out;
  for (size_t i = 0; i < commands.size(); ++i) {
    if (i) out += "; ";
    out += FormatCommand(commands[i]);
  }
  return out;
}

ParsedSequence ParseInline(std::string_view text, const ModelConfig& config) {
  std::string lines(text);
  for (char& ch : lines) {
    if (ch == ';') ch = '\n';
  }
  // An inline @config applies on top of the flags' config (keys it leaves out keep the flags').
  return ParseSequenceFrom(lines, "<inline>", config);
}

}  // namespace hookcheck::model
