// Payloads (issue 8 item 6): the RegionEdit fields flushed_entry_id, flushed_sequence and
// committed_sequence, RegionTruncate's truncated_entry_id, and SFW's per-file rows, time range and
// level, on every path that sets them (and unset on every path that does not). The same in every
// contract version. docs/upstream-notes/v-model.md lists the upstream lines.
#include <gtest/gtest.h>

#include "model/internal/test_util.h"

namespace hookcheck::model {
namespace {

using namespace test_util;  // NOLINT: literal builders only

// A region whose expectations carry the payload fields (ModelConfig::payloads).
Region WithPayloads() {
  Region r;
  r.config.payloads = true;
  return r;
}

Action FlushEdit(std::vector<FileId> add, EntryId entry, SequenceNumber sequence) {
  Action a = EditA(std::move(add));
  a.flushed_entry_id = entry;
  a.flushed_sequence = sequence;
  return a;
}

Action RawEdit(std::vector<FileId> add, SequenceNumber committed, std::vector<FileId> remove = {}) {
  Action a = EditA(std::move(add), std::move(remove));
  a.committed_sequence = committed;
  return a;
}

// Puts one row, flushes, and returns the flush MU's actions (none if it fired no MU).
std::vector<Action> PutAndFlush(Region* r) {
  r->Do(Put{1});
  const Expectation e = r->DoFull(Flush{});
  return e.calls.size() == 2 ? e.calls[1].actions : std::vector<Action>{};
}

ExpectedCall SfwOf(std::vector<SstFileInfo> infos, std::string_view why) {
  std::vector<FileId> ids;
  for (const SstFileInfo& f : infos) ids.push_back(f.id);
  ExpectedCall c = Sfw(std::move(ids), why);
  c.file_infos = std::move(infos);
  return c;
}

TEST(Payload, AFlushCarriesItsLastEntryAndSequenceAndItsFileInfo) {
  for (ContractVersion v : {ContractVersion::kSeed, ContractVersion::kHead}) {
    Region r = WithPayloads();
    r.config.contract = v;
    r.Do(Put{3});
    r.Do(Put{7});
    EXPECT_EQ(
        r.DoFull(Flush{}),
        Expect(ErrorCode::kOk, {SfwOf({{.id = 1, .rows = 2, .min_ts = 3, .max_ts = 7}}, "flush"),
                                Mu(1, {FlushEdit({1}, 2, 2)}, "flush")}))
        << Name(v);
  }
}

TEST(Payload, SkipWalFlushKeepsTheEntryIdButNotTheSequence) {
  Region r = WithPayloads();
  r.config.skip_wal = true;
  r.Do(Put{1});
  r.Do(Put{1});
  const Expectation e = r.DoFull(Flush{});
  ASSERT_EQ(e.calls.size(), 2u);
  EXPECT_EQ(e.calls[1].actions, (std::vector<Action>{FlushEdit({1}, 0, 2)}));
}

TEST(Payload, CompactionOutputsAreLevelOneAndTheirEditsCarryNothing) {
  Region r = WithFlushedFiles({1, 4, 9});
  r.config.payloads = true;
  r.Do(Put{2});
  r.Do(Flush{});  // file 4
  // Output 5 merges files 1 and 2, output 6 merges 3 and 4; file 1 expires first.
  const Expectation e = r.DoFull(CompactLocal{.expire_before = 2});
  EXPECT_EQ(
      e, Expect(ErrorCode::kOk, {Mu(5, {EditA({}, {1})}, "ttl"),
                                 SfwOf({{.id = 5, .rows = 2, .min_ts = 4, .max_ts = 9, .level = 1},
                                        {.id = 6, .rows = 1, .min_ts = 2, .max_ts = 2, .level = 1}},
                                       "merge"),
                                 Mu(6, {EditA({5, 6}, {2, 3, 4})}, "merge")}));
}

TEST(Payload, TruncateAllCarriesTheLastEntryId) {
  Region r = WithPayloads();
  r.Do(Put{1});
  r.Do(Put{1});
  r.Do(Put{1});
  Action truncate{.kind = ActionKind::kTruncateAll, .truncated_entry_id = 3};
  EXPECT_EQ(r.DoFull(Truncate{}), Expect(ErrorCode::kOk, {Mu(1, {truncate}, "truncate")}));
}

TEST(Payload, AnEditTakesTheNextSequenceAndTheMergedQueuedEditsShareTheOneAfter) {
  Region r = WithPayloads();
  r.Do(Put{1});  // sequence 1
  EXPECT_EQ(r.DoFull(EditRegion{.add = 1, .queued = 2}),
            Expect(ErrorCode::kOk, {Mu(1, {RawEdit({1}, 2)}, "edit"),
                                    Mu(2, {RawEdit({2, 3}, 3)}, "queued edits")}));
  // The edits raised the committed sequence: the next Put is sequence 4 (entry 2).
  EXPECT_EQ(PutAndFlush(&r), (std::vector<Action>{FlushEdit({4}, 2, 4)}));
}

TEST(Payload, AStagingEditDoesNotRaiseTheCommittedSequence) {
  Region r = WithPayloads();
  r.Do(EnterStaging{});
  EXPECT_EQ(r.DoFull(EditRegion{.add = 1, .queued = 1}),
            Expect(ErrorCode::kOk,
                   {Mu(2, {RawEdit({1}, 1)}, "edit"), Mu(3, {RawEdit({2}, 1)}, "queued edits")}));
}

TEST(Payload, AFailedEditDoesNotRaiseTheCommittedSequence) {
  Region r = WithPayloads();
  r.Do(EditRegion{}, Fails(FaultKind::kSaveFails));
  EXPECT_EQ(r.DoFull(EditRegion{}), Expect(ErrorCode::kOk, {Mu(2, {RawEdit({2}, 1)}, "edit")}));
}

TEST(Payload, OpenRestoresTheCommittedSequenceFromTheManifest) {
  Region r = WithPayloads();
  r.Do(EditRegion{});  // committed sequence 1, persisted
  r.Do(Close{});
  r.Do(Open{});
  r.Do(SetRole{RoleState::kWritable});
  EXPECT_EQ(PutAndFlush(&r), (std::vector<Action>{FlushEdit({2}, 1, 2)}));
}

TEST(Payload, CopyIndexAndAlterEditsCarryNone) {
  Region r = WithPayloads();
  r.Do(EditRegion{});
  EXPECT_EQ(r.DoFull(CopyRegion{}), Expect(ErrorCode::kOk, {Mu(2, {EditA({1001})}, "copy")}));
  EXPECT_EQ(r.DoFull(BuildIndex{}), Expect(ErrorCode::kOk, {Mu(3, {EditA({1})}, "index", 1),
                                                            Mu(4, {EditA({1001})}, "index", 1)}));
  EXPECT_EQ(r.DoFull(Alter{}), Expect(ErrorCode::kOk, {Mu(5, {ChangeA()}, "alter")}));
}

TEST(Payload, ThePromotionRedeliversTheStagedFlushWithItsFields) {
  Region r = WithPayloads();
  r.Do(EnterStaging{});
  r.Do(Put{5});
  r.Do(Flush{});  // staged: file 1, entry 1, sequence 1
  r.Do(Remap{.files = 1});
  const Expectation e = r.DoFull(ApplyStaging{});
  ASSERT_EQ(e.calls.size(), 2u);
  EXPECT_EQ(e.calls[1].actions,
            (std::vector<Action>{
                ExprA(1), FlushEdit({1}, 1, 1),
                Action{.kind = ActionKind::kEdit, .add = {2}, .committed_sequence = 2}}));
}

TEST(Payload, OffNothingIsSet) {
  Region r;
  r.config.payloads = false;
  r.Do(Put{3});
  EXPECT_EQ(r.DoFull(Flush{}),
            Expect(ErrorCode::kOk, {Sfw({1}, "flush"), Mu(1, {EditA({1})}, "flush")}));
  r.Do(EnterStaging{});
  r.Do(Put{3});
  r.Do(Flush{});
  EXPECT_EQ(Observe(r.state).staged_actions, (std::vector<Action>{ExprA(1), EditA({2})}));
}

// raft-engine's latest entry id is its last index, 0 once an obsolete compacted every entry
// (log_store.rs latest_entry_id; memtable.rs span()). A staged flush obsoletes the WAL up to its
// flushed id while the live manifest keeps 0, so the reopened region starts over at entry 1 and
// local_wal_catchup has nothing higher to raise it to.
TEST(Payload, EntryIdsStartOverOnceAStagedFlushEmptiedTheWal) {
  Region r = WithPayloads();
  r.Do(EnterStaging{StagingDirective::kUpdatePartitionExpr, 1});
  r.Do(Put{0});
  r.Do(Put{0});
  r.Do(Flush{});  // entries 1 and 2, obsoleted
  r.Do(Close{});
  r.Do(Open{});
  r.Do(Catchup{true});
  EXPECT_EQ(PutAndFlush(&r), (std::vector<Action>{FlushEdit({2}, 1, 1)}));
}

// The catch-up reopen starts at the manifest's flushed id and rises only to the WAL's latest: the
// row Put after Create (entry 1, the WAL's only entry) is what it reads, not the 2 written before.
TEST(Payload, ACatchupReopenRisesToTheWalsLatestEntryOnly) {
  Region r = WithPayloads();
  r.Do(EnterStaging{StagingDirective::kUpdatePartitionExpr, 1});
  r.Do(Put{0});
  r.Do(Put{0});
  r.Do(Flush{});
  r.Do(Close{});
  r.Do(Create{});
  r.Do(Put{0});  // entry 1 again
  r.Do(SetRole{RoleState::kFollower});
  r.Do(Catchup{true});  // the memtable is not empty: a reopen
  EXPECT_EQ(PutAndFlush(&r), (std::vector<Action>{FlushEdit({2}, 2, 1)}));
}

// A datanode delta that overwrites a remote compactor's (erratum 23) is what the live dir holds,
// so its committed sequence counts toward the manifest's, also after a later overwrite by a delta
// without one (RegionManifestBuilder::apply_edit). Open restores it: the next edit takes 2.
TEST(Payload, AnOverwritingEditsCommittedSequenceSurvivesTheNextOverwrite) {
  Region r = WithPayloads();
  r.Do(CopyRegion{4});    // v1
  r.Do(CompactRemote{});  // the compactor's v2: 4 files merged to 2
  r.Do(CompactRemote{});  // the compactor's v3: 2 to 1
  r.Do(EditRegion{});     // the datanode's v2 (committed sequence 1) overwrites
  r.Do(Alter{});          // the datanode's v3 overwrites
  r.Do(Close{});
  r.Do(Open{});
  r.Do(SetRole{RoleState::kWritable});
  const Expectation e = r.DoFull(EditRegion{});
  ASSERT_EQ(e.calls.size(), 1u);
  ASSERT_EQ(e.calls[0].actions.size(), 1u);
  EXPECT_EQ(e.calls[0].actions[0].committed_sequence, std::optional<SequenceNumber>{2});
}

}  // namespace
}  // namespace hookcheck::model
