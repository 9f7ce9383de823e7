#include "mesh_store.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

namespace atpipe::mesh_server {

void write_file(const std::filesystem::path& file, const std::string& text) {
  const auto temp = file.string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
  }
  std::filesystem::rename(temp, file);
}

std::optional<std::string> read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

MeshStore::MeshStore(std::filesystem::path dir) : dir_(std::move(dir)) {
  std::filesystem::create_directories(dir_ / "messages");
  std::filesystem::create_directories(dir_ / "inbox");
}

std::string MeshStore::new_id() {
  // MESH ids look like 20200529155357895317_3573F8: a UTC time, then a random tail.
  const auto now = std::chrono::system_clock::now();
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &utc);
  static std::mt19937 random(std::random_device{}());
  char tail[64];
  std::snprintf(tail, sizeof tail, "%06lld%04lu_%06X", static_cast<long long>(micros % 1000000),
                ++counter_ % 10000, static_cast<unsigned>(random() & 0xFFFFFF));
  return std::string(stamp) + tail;
}

std::optional<Meta> MeshStore::meta(const std::string& id) const {
  if (id.empty() || id.find('/') != std::string::npos || id[0] == '.') {
    return std::nullopt;
  }
  auto text = read_file(dir_ / "messages" / id / "meta");
  if (!text) {
    return std::nullopt;
  }
  Meta out;
  std::istringstream lines(*text);
  std::string line;
  while (std::getline(lines, line)) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) {
      out[line.substr(0, eq)] = line.substr(eq + 1);
    }
  }
  return out;
}

void MeshStore::save(const std::string& id, const Meta& meta) {
  std::filesystem::create_directories(dir_ / "messages" / id);
  std::string text;
  for (const auto& [key, value] : meta) {
    text += key + "=" + value + "\n";
  }
  write_file(dir_ / "messages" / id / "meta", text);
}

void MeshStore::save_chunk(const std::string& id, std::size_t k, const std::string& bytes) {
  std::filesystem::create_directories(dir_ / "messages" / id);
  write_file(dir_ / "messages" / id / ("chunk_" + std::to_string(k)), bytes);
}

std::optional<std::string> MeshStore::chunk(const std::string& id, std::size_t k) const {
  return read_file(dir_ / "messages" / id / ("chunk_" + std::to_string(k)));
}

bool MeshStore::has_chunk(const std::string& id, std::size_t k) const {
  return std::filesystem::exists(dir_ / "messages" / id / ("chunk_" + std::to_string(k)));
}

std::vector<std::string> MeshStore::inbox(const std::string& mailbox) const {
  std::vector<std::string> ids;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_ / "inbox" / mailbox, ec)) {
    ids.push_back(entry.path().filename().string());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

void MeshStore::put_in_inbox(const std::string& mailbox, const std::string& id) {
  std::filesystem::create_directories(dir_ / "inbox" / mailbox);
  std::ofstream(dir_ / "inbox" / mailbox / id);  // empty: its name is the message id
}

void MeshStore::take_from_inbox(const std::string& mailbox, const std::string& id) {
  std::error_code ec;
  std::filesystem::remove(dir_ / "inbox" / mailbox / id, ec);
}

std::vector<std::string> MeshStore::all_ids() const {
  std::vector<std::string> ids;
  for (const auto& entry : std::filesystem::directory_iterator(dir_ / "messages")) {
    ids.push_back(entry.path().filename().string());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace atpipe::mesh_server
