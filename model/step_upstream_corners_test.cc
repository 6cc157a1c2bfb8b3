// Corners where the model and the reference engine disagreed after errata 12-23 landed, each
// settled from the upstream code at f684479d9c (docs/contract.md §0.1). Expectations are written
// by hand from the rule each test names.
#include <gtest/gtest.h>

#include "model/internal/test_util.h"

namespace hookcheck::model {
namespace {

using namespace test_util;  // NOLINT: literal builders only

// The PartitionExprFetcher is one engine-wide plugin: a reopen by Create or Catchup, and a region
// created after a Drop, get the answer the last Open described.
TEST(Fetcher, ItsAnswerOutlivesTheRegionInstance) {
  Region r;
  r.Do(Close{});
  r.Do(Open{.fetch_partition_expr = false});
  r.Do(SetRole{RoleState::kWritable});
  EXPECT_EQ(r.Do(Drop{}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Do(Create{}), Reopens(ErrorCode::kOk));
  r.Do(Put{1});
  r.Do(SetRole{RoleState::kFollower});
  // The catch-up reopen asks the fetcher, which has no expr: the backfill writes nothing.
  EXPECT_EQ(r.Do(Catchup{true}), Reopens(ErrorCode::kOk));
  EXPECT_EQ(r.Seen().live_partition_expr, 0);
}

TEST(Fetcher, ACreateReopenAsksItAgain) {
  Region r;
  r.Do(Close{});
  EXPECT_EQ(r.Do(Create{}), Reopens(ErrorCode::kOk));  // the fetcher answers 1 by default
  // ApplyStaging on W compares the version's expr, which the fetcher filled (erratum 17).
  EXPECT_EQ(r.Do(ApplyStaging{1}), Expect(ErrorCode::kOk));
  EXPECT_EQ(r.Do(ApplyStaging{2}), Expect(ErrorCode::kRegionState));
}

TEST(NewInstance, OnlyOpsThatReadTheCounterBackStartOne) {
  Region r;
  EXPECT_EQ(r.Do(Create{}), Expect(ErrorCode::kOk));  // open: nothing changes
  r.Do(Put{1});
  r.Do(SetRole{RoleState::kFollower});
  EXPECT_EQ(r.Do(Catchup{false}), Reopens(ErrorCode::kOk));  // a non-empty memtable reopens
  EXPECT_EQ(r.Do(Catchup{false}), Expect(ErrorCode::kOk));   // nothing left to reopen for
}

// A staged flush edit carries its flushed entry id; the exit re-delivers it live, so Open does not
// replay the rows it covers even though the flush itself failed in memory.
TEST(StagedFlush, ItsFlushedEntryIdIsPromoted) {
  Region r;
  r.Do(EnterStaging{StagingDirective::kUpdatePartitionExpr, 2});
  r.Do(Remap{1});
  r.Do(Put{0});
  EXPECT_EQ(r.Do(Flush{}, Fails(FaultKind::kRebuildFails)),
            Expect(ErrorCode::kUnexpected, {Sfw({2}, "flush")}));  // Remap took id 1
  EXPECT_EQ(r.Do(ApplyStaging{2}).result, ErrorCode::kOk);
  r.Do(Close{});
  r.Do(Open{});
  r.Do(SetRole{RoleState::kWritable});
  EXPECT_EQ(r.Do(Flush{}), Expect(ErrorCode::kOk));  // nothing replayed, nothing to flush
}

// skip_wal: Puts write no WAL entry, so the entry id stays and the truncation check decides on
// the flushed sequence. A row flushed to staging (its rebuild failed), promoted, then flushed
// again carries no newer sequence than the live manifest: RegionTruncated after its SFW.
TEST(SkipWal, TheTruncationCheckFallsBackToTheSequence) {
  Region r;
  r.config.skip_wal = true;
  r.Do(Truncate{});
  r.Do(Put{0});
  EXPECT_EQ(r.state.last_entry_id, 0u);
  r.Do(Flush{});  // entry id 0 == the mark, sequence 1 > 0: accepted
  EXPECT_EQ(r.Seen().live_files, (std::vector<FileId>{1}));
  r.Do(EnterStaging{StagingDirective::kUpdatePartitionExpr, 1});
  r.Do(Put{0});
  r.Do(Flush{}, Fails(FaultKind::kRebuildFails));
  r.Do(Remap{1});
  EXPECT_EQ(r.Do(ApplyStaging{1}).result, ErrorCode::kOk);
  const Expectation e = r.Do(Alter{AlterKind::kAddColumn});
  EXPECT_EQ(e.result, ErrorCode::kRegionTruncated);
  ASSERT_EQ(e.calls.size(), 1u);
  EXPECT_EQ(e.calls[0].callback, Callback::kSstFilesWritten);
}

// The remote compactor commits through update_manifest_for_compaction on the manifest it opened
// from the live dir: inputs the datanode picked from its version (apart from that manifest after
// an earlier remote compaction, erratum 23) fail the truncation check.
TEST(RemoteCompaction, TheCompactorRunsTheTruncationCheck) {
  Region r;
  r.Do(Truncate{});
  r.Do(EditRegion{.add = 2});
  EXPECT_EQ(r.Do(CompactRemote{}).result, ErrorCode::kOk);  // version: the output; manifest: 1, 2
  r.Do(EditRegion{.add = 1});                               // reuses the compactor's version
  const Expectation e = r.Do(CompactRemote{});
  EXPECT_EQ(e.result, ErrorCode::kRegionTruncated);
  ASSERT_EQ(e.calls.size(), 1u);
  EXPECT_TRUE(e.calls[0].on_compactor);
  EXPECT_EQ(e.calls[0].callback, Callback::kSstFilesWritten);
}

// A file the compactor indexed for newer, persisted-only index options (a SetIndexes alter whose
// rebuild failed) has every index the datanode's metadata asks for: not stale.
TEST(IndexOptions, AnIndexBuiltForNewerOptionsIsCurrent) {
  Region r;
  r.Do(EditRegion{.add = 1, .queued = 1});
  r.Do(Alter{AlterKind::kSetIndexes}, Fails(FaultKind::kRebuildFails));
  EXPECT_EQ(r.Do(CompactRemote{}).result, ErrorCode::kOk);
  EXPECT_EQ(r.Do(BuildIndex{}), Expect(ErrorCode::kOk));
}

}  // namespace
}  // namespace hookcheck::model
