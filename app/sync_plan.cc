#include "app/sync_plan.h"

#include <algorithm>

namespace mews {
namespace {

// An instant given on the command line or stored: a timestamp or a date (core/time.h).
Result<Micros> ParseInstant(const std::string& text, const std::string& what) {
  if (std::optional<Micros> t = ParseTimestampOrDate(text)) return *t;
  return Status::InvalidArgument(what + ": not an ISO 8601 timestamp or date: '" + text + "'");
}

// [start, end) split into windows of at most kMaxWindow.
std::vector<ExportWindow> SplitUpdated(Micros start, Micros end) {
  std::vector<ExportWindow> out;
  for (Micros s = start; s < end; s += kMaxWindow) {
    ExportWindow w;
    w.start = FormatTimestamp(s);
    w.end = FormatTimestamp(std::min(end, s + kMaxWindow));
    out.push_back(w);
  }
  return out;
}

Result<SyncPlan> PlanPosting(const std::string& entity, const SyncRequest& r,
                             const std::optional<std::string>& watermark, Micros now) {
  SyncPlan plan;
  plan.watermark_kind = ExportFilterName(ExportFilter::kPosting);
  if (r.full || !r.since.empty() || !r.until.empty()) {
    return Status::InvalidArgument(entity +
        " is exported by posting date: use --posting-from/--posting-to, not --full/--since/--until");
  }
  std::string from = r.posting_from.empty() ? watermark.value_or("") : r.posting_from;
  if (from.empty()) {
    return Status::InvalidArgument(entity +
        " needs a posting window the first time: --posting-from YYYY-MM-DD [--posting-to YYYY-MM-DD]");
  }
  Result<Micros> start = ParseInstant(from, "--posting-from");
  if (!start.ok()) return start.status();
  Micros end = now - kMicrosPerDay;  // default: up to yesterday, whose postings are complete
  if (!r.posting_to.empty()) {
    Result<Micros> to = ParseInstant(r.posting_to, "--posting-to");
    if (!to.ok()) return to.status();
    end = *to;
  }
  if (r.posting_to.empty() && *start > end) end = *start;  // re-read the watermark day only
  if (*start > end) return Status::InvalidArgument("--posting-from is after --posting-to");
  bool backfill = !r.posting_from.empty();
  for (Micros s = *start; s <= end; s += kMaxWindow) {
    ExportWindow w;
    w.posting = true;
    w.start = FormatDateOf(s);
    w.end = FormatDateOf(std::min(end, s + kMaxWindow - kMicrosPerDay));
    // A backfill moves the watermark only forward and only when it leaves no gap behind it.
    bool contiguous = watermark && *watermark >= w.start && w.end > *watermark;
    if (!backfill || contiguous || !watermark) w.watermark_after = w.end;
    plan.windows.push_back(w);
  }
  return plan;
}

Result<SyncPlan> PlanBackfill(const SyncRequest& r, const std::optional<std::string>& watermark, Micros now) {
  SyncPlan plan;
  plan.watermark_kind = ExportFilterName(ExportFilter::kUpdatedUtc);
  if (r.since.empty()) return Status::InvalidArgument("--until needs --since");
  Result<Micros> since = ParseInstant(r.since, "--since");
  if (!since.ok()) return since.status();
  Micros until = now - kMinLag;
  if (!r.until.empty()) {
    Result<Micros> u = ParseInstant(r.until, "--until");
    if (!u.ok()) return u.status();
    until = *u;
  }
  if (until > now - kMinLag) {
    return Status::InvalidArgument("--until must be at least 5 minutes in the past (Mews refuses later ends)");
  }
  if (*since >= until) return Status::InvalidArgument("--since must be before --until");
  std::optional<Micros> mark;
  if (watermark) {
    Result<Micros> m = ParseInstant(*watermark, "stored watermark");
    if (m.ok()) mark = *m;
  }
  plan.windows = SplitUpdated(*since, until);
  for (ExportWindow& w : plan.windows) {
    Result<Micros> s = ParseInstant(w.start, "window"), e = ParseInstant(w.end, "window");
    // Only forward, and only when no gap is left between the old watermark and this window.
    if (mark && *s <= *mark && *e > *mark) {
      w.watermark_after = w.end;
      mark = *e;
    }
  }
  return plan;
}

}  // namespace

Result<SyncPlan> PlanSync(const std::string& entity, ExportFilter filter, const SyncRequest& r,
                          const std::optional<std::string>& watermark, Micros now) {
  if (filter == ExportFilter::kPosting) return PlanPosting(entity, r, watermark, now);
  if (!r.posting_from.empty() || !r.posting_to.empty()) {
    return Status::InvalidArgument("--posting-from/--posting-to apply only to types exported by posting date, not " +
                                   entity);
  }
  if (r.full && (!r.since.empty() || !r.until.empty())) {
    return Status::InvalidArgument("--full cannot be combined with --since/--until");
  }
  if (!r.since.empty() || !r.until.empty()) return PlanBackfill(r, watermark, now);
  SyncPlan plan;
  plan.watermark_kind = ExportFilterName(ExportFilter::kUpdatedUtc);
  if (r.full || !watermark) {
    ExportWindow w;
    w.full = true;
    w.watermark_from_data = true;
    plan.windows.push_back(w);
    plan.mark_deleted = r.full;
    return plan;
  }
  Result<Micros> start = ParseInstant(*watermark, "stored watermark of " + entity);
  if (!start.ok()) return start.status();
  plan.windows = SplitUpdated(*start, now - kMinLag);
  for (ExportWindow& w : plan.windows) w.watermark_after = w.end;
  return plan;
}

}  // namespace mews
