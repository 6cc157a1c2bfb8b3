#include "engine/region_meta_action.h"

#include <algorithm>

namespace hookcheck::engine {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

void RemoveFile(FileId id, RegionManifest* m) {
  if (m->files.erase(id) > 0) m->removed_files.push_back(id);
}

std::string Join(const std::vector<FileId>& ids) {
  std::string out;
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out;
}

}  // namespace

void ApplyAction(const RegionMetaAction& action, RegionManifest* m) {
  std::visit(Overloaded{
                 [&](const RegionEdit& e) {
                   for (const FileMeta& f : e.files_to_add) m->files[f.file_id] = f;
                   for (FileId id : e.files_to_remove) RemoveFile(id, m);
                   if (e.flushed_entry_id)
                     m->flushed_entry_id = std::max(m->flushed_entry_id, *e.flushed_entry_id);
                   if (e.flushed_sequence)
                     m->flushed_sequence = std::max(m->flushed_sequence, *e.flushed_sequence);
                   if (e.committed_sequence) {
                     m->committed_sequence =
                         std::max(m->committed_sequence.value_or(0), *e.committed_sequence);
                   }
                 },
                 [&](const RegionChange& c) {
                   m->partition_expr = c.partition_expr;
                   m->schema_version = c.schema_version;
                   m->columns = c.columns;
                   m->index_options = c.index_options;
                 },
                 [&](const PartitionExprChange& p) { m->partition_expr = p.partition_expr; },
                 [&](const RegionTruncate& t) {
                   if (t.kind == RegionTruncate::Kind::kAll) {
                     std::vector<FileId> all;
                     for (const auto& [id, f] : m->files) all.push_back(id);
                     for (FileId id : all) RemoveFile(id, m);
                     m->truncated_entry_id = t.truncated_entry_id;
                     m->flushed_entry_id = std::max(m->flushed_entry_id, t.truncated_entry_id);
                     m->flushed_sequence = std::max(m->flushed_sequence, t.truncated_sequence);
                   } else {
                     for (FileId id : t.files_to_remove) RemoveFile(id, m);
                   }
                 },
             },
             action);
}

model::Action ToModelAction(const RegionMetaAction& action) {
  model::Action out;
  std::visit(Overloaded{
                 [&](const RegionEdit& e) {
                   out.kind = model::ActionKind::kEdit;
                   for (const FileMeta& f : e.files_to_add) out.add.push_back(f.file_id);
                   out.remove = e.files_to_remove;
                 },
                 [&](const RegionChange&) { out.kind = model::ActionKind::kChange; },
                 [&](const PartitionExprChange& p) {
                   out.kind = model::ActionKind::kPartitionExprChange;
                   out.expr = p.partition_expr;
                 },
                 [&](const RegionTruncate& t) {
                   if (t.kind == RegionTruncate::Kind::kAll) {
                     out.kind = model::ActionKind::kTruncateAll;
                   } else {
                     out.kind = model::ActionKind::kTruncatePartial;
                     out.remove = t.files_to_remove;
                   }
                 },
             },
             action);
  std::sort(out.add.begin(), out.add.end());
  std::sort(out.remove.begin(), out.remove.end());
  return out;
}

std::vector<model::Action> ToModelActions(const RegionMetaActionList& actions) {
  std::vector<model::Action> out;
  out.reserve(actions.size());
  for (const auto& a : actions) out.push_back(ToModelAction(a));
  return out;
}

std::vector<model::Action> ToModelActionsWithPayload(const RegionMetaActionList& actions) {
  std::vector<model::Action> out = ToModelActions(actions);
  for (size_t i = 0; i < actions.size(); ++i) {
    if (const auto* e = std::get_if<RegionEdit>(&actions[i])) {
      out[i].flushed_entry_id = e->flushed_entry_id;
      out[i].flushed_sequence = e->flushed_sequence;
      out[i].committed_sequence = e->committed_sequence;
    } else if (const auto* t = std::get_if<RegionTruncate>(&actions[i])) {
      if (t->kind == RegionTruncate::Kind::kAll) out[i].truncated_entry_id = t->truncated_entry_id;
    }
  }
  return out;
}

model::SstFileInfo ToSstFileInfo(const FileMeta& f) {
  return model::SstFileInfo{f.file_id, static_cast<uint32_t>(f.num_rows), f.min_ts, f.max_ts,
                            f.level};
}

std::string DebugString(const RegionMetaActionList& actions) {
  std::string out = "[";
  for (size_t i = 0; i < actions.size(); ++i) {
    if (i) out += ", ";
    const model::Action a = ToModelAction(actions[i]);
    switch (a.kind) {
      case model::ActionKind::kEdit:
        out += "Edit(+" + Join(a.add) + " -" + Join(a.remove) + ")";
        break;
      case model::ActionKind::kChange:
        out += "Change";
        break;
      case model::ActionKind::kPartitionExprChange:
        out += "PartitionExprChange(" + std::to_string(a.expr) + ")";
        break;
      case model::ActionKind::kTruncateAll:
        out += "TruncateAll";
        break;
      case model::ActionKind::kTruncatePartial:
        out += "TruncatePartial(-" + Join(a.remove) + ")";
        break;
    }
  }
  return out + "]";
}

}  // namespace hookcheck::engine
