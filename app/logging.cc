#include "app/logging.h"

#include <spdlog/cfg/env.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <mutex>
#include <set>
#include <vector>

#include "core/json_escape.h"

namespace mews {
namespace {

std::mutex g_secrets_mutex;
std::vector<std::string> g_secrets;

// `s` JSON-escaped (core/json_escape.h) onto an spdlog buffer.
void AppendJsonEscapedTo(const std::string& s, spdlog::memory_buf_t& dest) {
  std::string escaped;
  AppendJsonEscaped(s, &escaped);
  dest.append(escaped.data(), escaped.data() + escaped.size());
}

std::mutex g_connection_mutex;
std::string g_default_connection = "default";
thread_local std::string t_connection;

// %C: the thread's connection: JSON-escaped (the process's default when unset), or "[NAME] " in
// text when the thread has one.
class ConnectionFlag : public spdlog::custom_flag_formatter {
 public:
  explicit ConnectionFlag(bool json) : json_(json) {}
  void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
    if (json_) {
      std::string name = t_connection;
      if (name.empty()) {
        std::lock_guard<std::mutex> lock(g_connection_mutex);
        name = g_default_connection;
      }
      AppendJsonEscapedTo(name, dest);
    } else if (!t_connection.empty()) {
      dest.push_back('[');
      dest.append(t_connection.data(), t_connection.data() + t_connection.size());
      dest.append(std::string_view("] "));
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<ConnectionFlag>(json_); }

 private:
  bool json_;
};

// %Q: the message with secrets scrubbed; JSON-escaped when `json_` is set.
class ScrubbedMessage : public spdlog::custom_flag_formatter {
 public:
  explicit ScrubbedMessage(bool json) : json_(json) {}
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    std::string text = ScrubSecrets(std::string(msg.payload.data(), msg.payload.size()));
    if (json_) {
      AppendJsonEscapedTo(text, dest);
    } else {
      dest.append(text.data(), text.data() + text.size());
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<ScrubbedMessage>(json_);
  }

 private:
  bool json_;
};

}  // namespace

void SetLogConnection(const std::string& connection) { t_connection = connection; }

void SetDefaultLogConnection(const std::string& connection) {
  std::lock_guard<std::mutex> lock(g_connection_mutex);
  g_default_connection = connection;
}

void RegisterSecret(const std::string& secret) {
  if (secret.empty()) return;
  std::lock_guard<std::mutex> lock(g_secrets_mutex);
  g_secrets.push_back(secret);
}

std::string ScrubSecrets(std::string text) {
  std::lock_guard<std::mutex> lock(g_secrets_mutex);
  for (const std::string& secret : g_secrets) {
    for (size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 3)) {
      text.replace(pos, secret.size(), "***");
    }
  }
  return text;
}

namespace {
std::mutex g_reported_mutex;
std::set<std::string> g_reported;
}  // namespace

void ReportError(const Status& status) {
  if (status.ok()) return;
  spdlog::error("{}", status.message());
  std::lock_guard<std::mutex> lock(g_reported_mutex);
  g_reported.insert(status.message());
}

bool ErrorReported(const Status& status) {
  std::lock_guard<std::mutex> lock(g_reported_mutex);
  return g_reported.count(status.message()) > 0;
}

bool StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

void InitLogging(const std::string& format) {
  bool json = format == "json";
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
  formatter->add_flag<ScrubbedMessage>('Q', json);
  formatter->add_flag<ConnectionFlag>('C', json);
  formatter->set_pattern(json ? R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","connection":"%C","msg":"%Q"})"
                              : "%Y-%m-%dT%H:%M:%S.%eZ %l %C%Q");
  sink->set_formatter(std::move(formatter));
  auto logger = std::make_shared<spdlog::logger>("mews-etl", sink);
  logger->set_level(spdlog::level::info);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
  spdlog::cfg::load_env_levels();  // SPDLOG_LEVEL=debug for more detail
}

}  // namespace mews
