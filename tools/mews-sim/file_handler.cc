// GET /files/<export id>-<n>.jsonl?expires=..&sig=..: the export's files, with Range support and
// the file faults (status, cut-off, gzip).
#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <memory>

#include "tools/mews-sim/server_core.h"

namespace mews::sim::internal {
namespace {

struct ByteRange {
  uint64_t offset = 0;
  uint64_t length = 0;
  bool partial = false;
};

// Parses "bytes=N-" or "bytes=N-M" against `size`; false when unsatisfiable or malformed.
bool ParseRange(const std::string& header, uint64_t size, ByteRange* r) {
  r->length = size;
  if (header.empty()) return true;
  unsigned long long first = 0, last = 0;
  int n = 0;
  if (std::sscanf(header.c_str(), "bytes=%llu-%n", &first, &n) != 1 || n == 0) return false;
  std::string rest = header.substr(static_cast<size_t>(n));
  last = size == 0 ? 0 : size - 1;
  if (!rest.empty()) {
    char* end = nullptr;
    unsigned long long v = std::strtoull(rest.c_str(), &end, 10);
    if (*end != '\0') return false;
    if (v < last) last = v;
  }
  if (first >= size || first > last) return false;
  *r = ByteRange{first, last - first + 1, true};
  return true;
}

bool ReadSlice(const std::string& path, const ByteRange& r, std::string* out) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!f || std::fseek(f.get(), static_cast<long>(r.offset), SEEK_SET) != 0) return false;
  out->resize(r.length);
  return std::fread(out->data(), 1, r.length, f.get()) == r.length;
}

std::string Gzip(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// Fills `buf` with bytes [from, from + buf.size()) of an endless run of plausible JSON Lines: what
// an `extra_bytes` fault appends past a file's end.
void FillExtra(size_t from, std::string* buf) {
  static const std::string kLine = "{\"Id\":\"00000000-0000-0000-0000-000000000000\",\"Extra\":true}\n";
  for (size_t i = 0; i < buf->size(); ++i) (*buf)[i] = kLine[(from + i) % kLine.size()];
}

// Streams [r.offset, r.offset + r.length) of `path` and then `extra` more bytes, stopping after
// `cut` bytes when cut >= 0.
void StreamSlice(httplib::Response& res, const std::string& path, const ByteRange& r, int64_t cut,
                 uint64_t extra) {
  auto file = std::shared_ptr<std::FILE>(std::fopen(path.c_str(), "rb"), [](std::FILE* f) {
    if (f != nullptr) std::fclose(f);
  });
  CurrentNote().streamed = true;
  res.set_content_provider(
      r.length + extra, "application/x-ndjson",
      [file, r, cut](size_t offset, size_t length, httplib::DataSink& sink) {
        RequestNote& note = CurrentNote();
        if (!file) return false;
        size_t chunk = std::min<size_t>(length, 64 * 1024);
        if (cut >= 0 && offset + chunk > static_cast<size_t>(cut)) {
          if (offset >= static_cast<size_t>(cut)) return false;  // drop the connection
          chunk = static_cast<size_t>(cut) - offset;
        }
        std::string buf;
        if (offset >= r.length) {
          buf.resize(chunk);
          FillExtra(offset - r.length, &buf);
        } else {
          chunk = std::min<size_t>(chunk, r.length - offset);
          buf.resize(chunk);
          if (std::fseek(file.get(), static_cast<long>(r.offset + offset), SEEK_SET) != 0 ||
              std::fread(buf.data(), 1, chunk, file.get()) != chunk) {
            return false;
          }
        }
        if (!sink.write(buf.data(), chunk)) return false;
        note.streamed_bytes += chunk;
        return true;
      });
}

void SendFile(const httplib::Request& req, httplib::Response& res, const ExportFile& f,
              const std::optional<FaultRule>& rule);

void HandleFile(ServerCore& core, const httplib::Request& req, httplib::Response& res) {
  // Ranges are answered here; httplib must not slice the response again.
  const_cast<httplib::Request&>(req).ranges.clear();
  std::string name = req.matches[1];
  std::string id = name.substr(0, 36);
  CurrentNote().export_ids.push_back(id);
  // The route's second group, the file's number N; 0 (no numbered rule matches) when out of range.
  const std::string digits = req.matches[2];
  int64_t number = 0;
  if (std::from_chars(digits.data(), digits.data() + digits.size(), number).ec != std::errc()) number = 0;
  FaultDecision fault = TakeFault(core, "file", number);
  if (fault.replace) return ApplyStatusFault(*fault.rule, res);
  if (!SignatureValid(core, name, req.get_param_value("expires"), req.get_param_value("sig"))) {
    return SendError(res, 403, "Server failed to authenticate the request: the signed URL has "
                               "expired or its signature is invalid.");
  }
  std::optional<ExportView> view = core.FindExport(id);
  const ExportFile* file = nullptr;
  for (size_t i = 0; view && view->status == ExportStatus::kSuccess && i < view->files.size(); ++i) {
    if (view->files[i].name == name) file = &view->files[i];
  }
  if (file == nullptr) return SendError(res, 404, "The specified blob does not exist.");
  SendFile(req, res, *file, fault.rule);
}

// Answers with the file (or the requested range of it), applying a gzip or cut-off rule.
void SendFile(const httplib::Request& req, httplib::Response& res, const ExportFile& f,
              const std::optional<FaultRule>& rule) {
  const ExportFile* file = &f;
  const std::string& name = f.name;
  ByteRange r;
  if (!ParseRange(req.get_header_value("Range"), file->size, &r)) {
    res.set_header("Content-Range", "bytes */" + std::to_string(file->size));
    return SendError(res, 416, "The range specified is invalid for the current size of the resource.");
  }
  res.status = r.partial ? 206 : 200;
  res.set_header("Accept-Ranges", "bytes");
  if (r.partial) {
    res.set_header("Content-Range", "bytes " + std::to_string(r.offset) + "-" +
                                        std::to_string(r.offset + r.length - 1) + "/" +
                                        std::to_string(file->size));
  }
  if (rule && rule->gzip) {
    std::string slice;
    if (!ReadSlice(file->path, r, &slice)) return SendError(res, 500, "cannot read " + name);
    res.set_header("Content-Encoding", "gzip");
    res.set_content(Gzip(slice), "application/x-ndjson");
    CurrentNote().fault = "gzip";
    return;
  }
  int64_t cut = rule ? rule->cut_after_bytes : -1;
  uint64_t extra = rule ? static_cast<uint64_t>(rule->extra_bytes) : 0;
  if (cut >= 0) CurrentNote().fault = "cut " + std::to_string(cut);
  if (extra > 0) CurrentNote().fault = "extra " + std::to_string(extra);
  StreamSlice(res, file->path, r, cut, extra);
}

}  // namespace

void RegisterFileHandler(httplib::Server& server, ServerCore& core) {
  server.Get(R"(/files/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-([0-9]+)\.jsonl))",
             [&core](const httplib::Request& req, httplib::Response& res) {
               HandleFile(core, req, res);
             });
}

}  // namespace mews::sim::internal
