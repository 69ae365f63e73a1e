// Pieces of PostgresSink's load path shared by its files. Internal to load/postgres.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "load/postgres/postgres_sink.h"
#include "schemas/row_batch.h"
#include "schemas/schema.h"

namespace mews {

// Rows are gathered per staging table and sent in COPYs of several MiB, however small the batches.
constexpr size_t kCopyFlushBytes = size_t{8} << 20;

// The TEMP staging table of table k of a load: 0 is the root, k > 0 child k - 1.
std::string StagingName(size_t k);

// CREATE TEMP TABLE `name` for staging table k (0 the root `t`, k > 0 child k - 1 `t`).
std::string StagingDdl(const Table& t, size_t k, const std::string& name);
// CREATE TEMP TABLE `name` (id, ins): the ids of root rows a merge wrote, and whether inserted.
std::string WrittenDdl(const EntityMapping& m, const std::string& name);
// CREATE TEMP TABLE `name` (id): a set of root ids.
std::string IdsDdl(const EntityMapping& m, const std::string& name);

// The staging column `prefix` + c.name as the target column's type. Staging keeps durations as
// text (PostgreSQL's interval input refuses ISO 8601's leading "-P"); this converts them.
std::string StagingSelectExpr(const Column& c, const std::string& prefix);

// COPY text format pieces (pg_copy_text.cc): a row's cells, each followed by a tab; a child row's
// cells and its _seq, then a newline; `text` with COPY's escapes; a tab, then a root
// row's number of rows in each child table as an array ({2,0,1}), nothing for an entity without
// child tables (starts[k][row] is the row's first row in child table k, from ChildRowStarts).
void AppendCopyCells(const TableRows& rows, size_t row, std::string* out);
void AppendCopyRow(const TableRows& rows, size_t row, int64_t seq, std::string* out);
void AppendCopyText(std::string_view text, std::string* out);
void AppendCopyKids(const std::vector<std::vector<size_t>>& starts, size_t row, std::string* out);

// A PostgreSQL array literal of `n` elements, every one quoted ({"a","b"}); element(i) gives the
// text of element i.
template <typename Element>
std::string ArrayLiteral(size_t n, Element element) {
  std::string out = "{";
  for (size_t i = 0; i < n; ++i) {
    out += i ? ",\"" : "\"";
    const auto& text = element(i);  // a temporary lives as long as the reference
    for (char c : std::string_view(text)) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

// Staging table k's COPY columns (0 the root, k > 0 child k - 1).
std::vector<std::string> CopyColumns(const EntityMapping& m, size_t k);

// The columns of a COPY straight into final table `t` (0 the root, k > 0 child k - 1) (pg_direct.cc).
std::vector<std::string> DirectColumns(const EntityMapping& m, size_t t);

// etl_rejects' COPY columns, and a reject's line for them (pg_rounds.cc).
std::vector<std::string> RejectColumns();
void AppendRejectLine(int64_t run_id, const std::string& entity, const Reject& reject, std::string* out);

// Beyond this many ids that may repeat, the merge looks for repeated ids among all staged ones.
constexpr size_t kMaybeRepeatedMax = 10000;

// The columns of a COPY of skipped records into the root's staging table (pg_skip.cc).
std::vector<std::string> SkippedColumns(const EntityMapping& m);

}  // namespace mews
