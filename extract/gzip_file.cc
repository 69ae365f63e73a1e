#include "extract/gzip_file.h"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace mews {
namespace {

constexpr size_t kChunk = 256 * 1024;

struct FileCloser {
  void operator()(FILE* f) const {
    if (f) std::fclose(f);
  }
};
using File = std::unique_ptr<FILE, FileCloser>;

struct Inflater {
  z_stream zs{};
  bool ready = false;
  Inflater() { ready = inflateInit2(&zs, 15 + 32) == Z_OK; }  // 15 + 32: gzip or zlib header
  ~Inflater() {
    if (ready) inflateEnd(&zs);
  }
};

Status WriteOut(FILE* out, const unsigned char* data, size_t n, const std::string& path) {
  if (n > 0 && std::fwrite(data, 1, n, out) != n) {
    return Status::IoError("cannot write " + path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

// Inflates everything `z` can produce from its current input into `out`; restarts at member ends.
Status Drain(Inflater* z, FILE* out, const std::string& in_path, const std::string& out_path,
             int64_t* total, bool* at_member_end) {
  std::vector<unsigned char> buf(kChunk);
  do {
    z->zs.next_out = buf.data();
    z->zs.avail_out = static_cast<uInt>(buf.size());
    int rc = inflate(&z->zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      return Status::ParseError(in_path + " is not valid gzip data (" +
                                (z->zs.msg ? z->zs.msg : "zlib error " + std::to_string(rc)) + ")");
    }
    size_t produced = buf.size() - z->zs.avail_out;
    MEWS_RETURN_IF_ERROR(WriteOut(out, buf.data(), produced, out_path));
    *total += static_cast<int64_t>(produced);
    *at_member_end = rc == Z_STREAM_END;
    if (rc == Z_STREAM_END) {
      if (z->zs.avail_in == 0) return Status::Ok();
      inflateReset(&z->zs);  // concatenated gzip members
    }
    if (rc == Z_BUF_ERROR && z->zs.avail_in == 0) return Status::Ok();
  } while (z->zs.avail_in > 0 || z->zs.avail_out == 0);
  return Status::Ok();
}

}  // namespace

bool HasGzipMagic(const std::string& path) {
  File f(std::fopen(path.c_str(), "rb"));
  unsigned char magic[2] = {0, 0};
  return f && std::fread(magic, 1, 2, f.get()) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

Status GunzipFile(const std::string& in_path, const std::string& out_path, int64_t* decoded_bytes) {
  File in(std::fopen(in_path.c_str(), "rb"));
  if (!in) return Status::IoError("cannot read " + in_path + ": " + std::strerror(errno));
  File out(std::fopen(out_path.c_str(), "wb"));
  if (!out) return Status::IoError("cannot write " + out_path + ": " + std::strerror(errno));
  Inflater z;
  if (!z.ready) return Status::Internal("zlib inflateInit2 failed");
  std::vector<unsigned char> buf(kChunk);
  int64_t total = 0;
  bool at_member_end = false;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), in.get())) > 0) {
    z.zs.next_in = buf.data();
    z.zs.avail_in = static_cast<uInt>(n);
    MEWS_RETURN_IF_ERROR(Drain(&z, out.get(), in_path, out_path, &total, &at_member_end));
  }
  if (std::ferror(in.get())) return Status::IoError("cannot read " + in_path + ": " + std::strerror(errno));
  if (!at_member_end) return Status::ParseError(in_path + " ends in the middle of a gzip stream");
  if (std::fflush(out.get()) != 0) {
    return Status::IoError("cannot write " + out_path + ": " + std::strerror(errno));
  }
  *decoded_bytes = total;
  return Status::Ok();
}

}  // namespace mews
