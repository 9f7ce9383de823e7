#include "bench/bench_config.hpp"

#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace atpipe::bench {

namespace linkage = transforms::linkage;

linkage::LinkageConfig bench_linkage_config() {
  auto config = linkage::default_linkage_config();
  if (const char* rules = std::getenv("ATPIPE_LINK_BLOCKING")) {
    config.blocking.clear();
    std::stringstream all(rules);
    std::string rule_text;
    while (std::getline(all, rule_text, ';')) {
      linkage::BlockingRule rule;
      std::stringstream parts(rule_text);
      std::string part;
      while (std::getline(parts, part, ',')) {
        const auto p = linkage::block_part_by_name(part);
        if (!p) {
          std::fprintf(stderr, "unknown blocking part '%s'\n", part.c_str());
          std::exit(2);
        }
        rule.parts.push_back(*p);
      }
      config.blocking.push_back(rule);
    }
  }
  if (const char* threads = std::getenv("ATPIPE_LINK_THREADS")) {
    config.threads = static_cast<unsigned>(std::strtoul(threads, nullptr, 10));
  }
  return config;
}

std::string describe_blocking(const linkage::LinkageConfig& config) {
  std::string out;
  for (const auto& rule : config.blocking) {
    out += out.empty() ? "" : " | ";
    for (std::size_t i = 0; i < rule.parts.size(); ++i) {
      // Appended piecewise: `"" + std::string` inlined at -O3 trips GCC 12's -Wrestrict.
      out += i == 0 ? "" : "+";
      out += linkage::block_part_name(rule.parts[i]);
    }
  }
  return out;
}

}  // namespace atpipe::bench
