// SqliteSink's unrecorded skips. Into a populated table every record's fate goes to temp._mews_seen,
// which the counts, the duplicates of an id and a full snapshot's presence rule read. A record that
// its stored hash shows unchanged, and whose id the load has certainly not seen before, needs no row
// there outside a full snapshot: it is counted here, and its id and child counts go to a local
// scratch file. Should its id come again, the later record finds no row in _mews_seen and is applied
// as the first of its id, which gives the same row and the same fate as after an unchanged first
// copy; its row in _mews_seen then supersedes the unrecorded one, whose counts CountLoad takes back.
// A re-export where few records changed thus writes _mews_seen rows for the changed ones only.
#include <string>

#include "load/common.h"
#include "load/sqlite/sqlite_load.h"

namespace mews {

namespace {

// Past this many ids recorded that may have come before, CountLoad looks every unrecorded id up.
constexpr size_t kRepeatedMax = 10000;

// The id of a scratch line: backslash and newline escaped, so that any id fits on one line.
void AppendEscaped(std::string_view id, std::string* out) {
  size_t from = 0;
  for (size_t i = 0; i < id.size(); ++i) {
    if (id[i] != '\\' && id[i] != '\n') continue;
    out->append(id.data() + from, i - from);
    out->append(id[i] == '\\' ? "\\\\" : "\\n", 2);
    from = i + 1;
  }
  out->append(id.data() + from, id.size() - from);
}

std::string Unescaped(std::string_view escaped) {
  std::string out;
  out.reserve(escaped.size());
  for (size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] == '\\' && i + 1 < escaped.size()) {
      ++i;
      out += escaped[i] == 'n' ? '\n' : escaped[i];
    } else {
      out += escaped[i];
    }
  }
  return out;
}

}  // namespace

Result<bool> SqliteSink::SkipUnrecorded(std::string_view id, size_t row,
                                        const std::vector<std::vector<size_t>>& starts) {
  LoadState& l = *load_;
  if (l.context.full_snapshot || l.no_spill) return false;
  if (!l.skip_spill) {
    Result<std::unique_ptr<SpillFile>> spill = SpillFile::Create();
    if (!spill.ok()) {
      l.no_spill = true;  // without a scratch file, every record is recorded in _mews_seen
      return false;
    }
    l.skip_spill = std::move(spill.value());
    l.spilled_kids.assign(starts.size(), 0);
  }
  l.skip_line.clear();
  for (size_t k = 0; k < starts.size(); ++k) {
    const int64_t n = static_cast<int64_t>(starts[k][row + 1] - starts[k][row]);
    l.spilled_kids[k] += n;
    AppendInt(n, &l.skip_line);
    l.skip_line += '\t';
  }
  AppendEscaped(id, &l.skip_line);
  MEWS_RETURN_IF_ERROR(l.skip_spill->Append(l.skip_line));
  ++l.spilled;
  return true;
}

void SqliteSink::NoteRecordedRepeat(std::string_view id) {
  LoadState& l = *load_;
  if (l.spilled == 0 || l.repeated_overflow) return;  // no earlier unrecorded record to supersede
  if (l.repeated.size() >= kRepeatedMax) {
    l.repeated_overflow = true;
    l.repeated.clear();
    return;
  }
  std::string escaped;
  AppendEscaped(id, &escaped);
  l.repeated.insert(std::move(escaped));
}

Status SqliteSink::CountUnrecorded(LoadCounts* counts) {
  LoadState& l = *load_;
  if (l.spilled == 0) return Status::Ok();
  counts->tables[0].unchanged += l.spilled;
  for (size_t k = 0; k < l.spilled_kids.size(); ++k) counts->tables[k + 1].unchanged += l.spilled_kids[k];
  if (!l.repeated_overflow && l.repeated.empty()) return Status::Ok();
  std::vector<int64_t> kids(l.spilled_kids.size());
  return l.skip_spill->ForEachLine([&](std::string_view line) -> Status {
    size_t at = 0;
    for (size_t k = 0; k < kids.size(); ++k) {
      const size_t tab = line.find('\t', at);
      kids[k] = std::stoll(std::string(line.substr(at, tab - at)));
      at = tab + 1;
    }
    const std::string_view escaped = line.substr(at);
    bool superseded = false;
    if (!l.repeated_overflow) {
      superseded = l.repeated.count(std::string(escaped)) > 0;
    } else {
      const std::string id = Unescaped(escaped);
      l.seen_get.BindTextStatic(1, id);
      Result<bool> found = l.seen_get.Step();
      l.seen_get.Reset();
      if (!found.ok()) return found.status();
      superseded = *found;
    }
    if (!superseded) return Status::Ok();
    counts->tables[0].unchanged -= 1;
    for (size_t k = 0; k < kids.size(); ++k) counts->tables[k + 1].unchanged -= kids[k];
    return Status::Ok();
  });
}

}  // namespace mews
