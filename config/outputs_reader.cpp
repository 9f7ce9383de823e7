#include <algorithm>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "config/loader_parts.hpp"
#include "core/text.hpp"

namespace atpipe::config::detail {
namespace {

const std::vector<std::string> kPlaceholders = {"commissioner", "period", "run_id"};

const KeyTable kOutputKeys = {
    {"directory", KeyType::Path, true, "", {}, "folder for every output file"},
    {"return", KeyType::String, false, OutputSpec{}.return_name, {}, "AT return file name"},
    {"return_dates",
     KeyType::Enum,
     false,
     "dd/mm/yyyy",
     {"dd/mm/yyyy", "yyyy-mm-dd", "dd-mm-yyyy"},
     "how the return writes dates: the CAP upload convention, ISO, or the v4 item list's"},
    {"queries",
     KeyType::Any,
     false,
     "",
     {},
     "query list: a CSV file name, or { name, formats: [csv, xlsx, html], per_owner }"},
    {"links", KeyType::String, false, OutputSpec{}.links_name, {}, "linked-pairs audit file"},
    {"summary",
     KeyType::String,
     false,
     OutputSpec{}.summary_name,
     {},
     "board summary, written as .csv and .xlsx"},
    {"rejects", KeyType::String, false, OutputSpec{}.rejects_name, {}, "reject log file name"},
    {"warnings", KeyType::String, false, OutputSpec{}.warnings_name, {}, "warnings log file name"},
    {"keep_sets", KeyType::Int, false, "5", {}, "output sets kept per period in .runs/, 1 or more"},
};

// Output names are templates; an unknown placeholder would end up literally in a file name.
void check_template(const NodeReader& reader, const char* key, const std::string& text) {
  std::size_t pos = 0;
  while ((pos = text.find_first_of("{}", pos)) != std::string::npos) {
    const std::size_t close = text.find('}', pos);
    if (text[pos] == '}' || close == std::string::npos) {
      reader.diagnostics().error(reader.mark_of(key), std::string("unmatched '") + text[pos] +
                                                          "' in '" + key + "' of outputs");
      return;
    }
    const std::string name = text.substr(pos + 1, close - pos - 1);
    if (std::find(kPlaceholders.begin(), kPlaceholders.end(), name) == kPlaceholders.end()) {
      reader.diagnostics().error(reader.mark_of(key),
                                 "unknown placeholder '{" + name + "}' in '" + key +
                                     "' of outputs (allowed: {commissioner}, {period}, {run_id})");
    }
    pos = close + 1;
  }
}

const KeyTable kQueryOutputKeys = {
    {"name",
     KeyType::String,
     false,
     OutputSpec{}.queries_name,
     {},
     "file name without extension; each format adds its own"},
    {"formats", KeyType::StringList, false, "csv", {}, "any of csv, xlsx, html"},
    {"per_owner", KeyType::Bool, false, "false", {}, "also one set of files per owner"},
};

// `queries:` is either a CSV file name (the short form) or a map of name, formats, per_owner.
void read_query_outputs(const NodeReader& outputs, OutputSpec& out, Mark& name_mark) {
  auto node = outputs.node("queries");
  if (!node || node.IsNull()) {
    return;
  }
  if (node.IsScalar()) {
    auto text = outputs.string("queries").value_or("");
    check_template(outputs, "queries", text);
    if (text.size() > 4 && text.compare(text.size() - 4, 4, ".csv") == 0) {
      text.resize(text.size() - 4);
    }
    out.queries_name = text;
    name_mark = outputs.mark_of("queries");
    return;
  }
  if (!node.IsMap()) {
    outputs.diagnostics().error(outputs.mark_of("queries"),
                                "'queries' in outputs must be a file name or a map");
    return;
  }
  NodeReader reader(node, kQueryOutputKeys, "outputs.queries", outputs.diagnostics(),
                    outputs.config_file());
  if (auto name = reader.string("name")) {
    check_template(reader, "name", *name);
    out.queries_name = *name;
  }
  name_mark = reader.mark_of("name");
  auto formats = reader.string_list("formats");
  if (!formats.empty()) {
    out.query_formats.clear();
  }
  for (const auto& f : formats) {
    if (f != "csv" && f != "xlsx" && f != "html") {
      reader.diagnostics().error(reader.mark_of("formats"), "unknown query list format '" + f +
                                                                "' (allowed: csv, xlsx, html)");
      continue;
    }
    out.query_formats.push_back(f);
  }
  out.queries_per_owner = reader.boolean("per_owner").value_or(false);
}

// One file a run writes, as the name it will have for a sample period, for the checks below.
struct OutputFile {
  std::string key;  // "return", "summary", "queries", ...
  std::string name;
  Mark mark;
};

std::string expand(std::string text, const std::string& commissioner) {
  const std::pair<std::string, std::string> values[] = {
      {"{commissioner}", commissioner.empty() ? "QPM" : commissioner},
      {"{period}", "2026-10"},
      {"{run_id}", "20261101T020000Z-0a1b"}};
  for (const auto& [placeholder, value] : values) {
    for (std::size_t pos = 0; (pos = text.find(placeholder, pos)) != std::string::npos;) {
      text.replace(pos, placeholder.size(), value);
      pos += value.size();
    }
  }
  return text;
}

std::string folded(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  return text;
}

// A name must stay a plain file in outputs.directory: no folder part, no way out of it.
// "2026-10": the name of the link to a period's published set in outputs.directory.
bool is_period_name(const std::string& name) {
  return name.size() == 7 && name[4] == '-' && std::all_of(name.begin(), name.end(), [](char c) {
           return c == '-' || (c >= '0' && c <= '9');
         });
}

bool check_plain_name(const OutputFile& file, Diagnostics& diag) {
  const std::string& name = file.name;
  std::string problem;
  if (name.empty() || name == "." || name == "..") {
    problem = "is not a file name";
  } else if (name.find('/') != std::string::npos) {
    problem = name.front() == '/' ? "is an absolute path" : "contains '/'";
  } else if (core::find_control_char(name, false)) {
    problem = "holds a control character";
  } else if (name.front() == '.') {
    problem = "starts with '.', which atpipe keeps for its own folders (.runs, temporaries)";
  } else if (name == "MANIFEST" || is_period_name(name)) {
    problem = "is a name the output set itself uses (its MANIFEST, or the period's folder)";
  }
  if (problem.empty()) {
    return true;
  }
  diag.error(file.mark, "'" + file.key + "' in outputs " + problem + " ('" + name +
                            "'); output names are plain file names inside outputs.directory");
  return false;
}

// Every pair of outputs that would be written to one file (compared ignoring case, as on the
// SMB shares outputs are often read from), and per-owner query files that could be.
void check_collisions(const std::vector<OutputFile>& files, const OutputSpec& spec,
                      const std::string& queries_base, Diagnostics& diag) {
  for (std::size_t i = 0; i < files.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (folded(files[i].name) == folded(files[j].name)) {
        diag.error(files[i].mark, "'" + files[i].key + "' in outputs names the same file as '" +
                                      files[j].key + "' ('" + files[i].name +
                                      "'): one would overwrite the other");
      }
    }
  }
  if (!spec.queries_per_owner) {
    return;
  }
  const std::string prefix = folded(queries_base) + "_";
  for (const auto& file : files) {
    const std::string name = folded(file.name);
    for (const auto& format : spec.query_formats) {
      const std::string suffix = "." + format;
      if (file.key != "queries" && name.size() > prefix.size() + suffix.size() &&
          name.rfind(prefix, 0) == 0 &&
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
        diag.error(file.mark, "'" + file.key + "' in outputs ('" + file.name +
                                  "') could be a per-owner query list ('" + queries_base +
                                  "_<owner>" + suffix + "'): one would overwrite the other");
      }
    }
  }
}

}  // namespace

void read_outputs(const NodeReader& top, const Organisation& org, const StateSpec& state,
                  OutputSpec& out) {
  if (!top.node("outputs").IsMap()) {
    return;
  }
  NodeReader reader(top.node("outputs"), kOutputKeys, "outputs", top.diagnostics(),
                    top.config_file());
  out.directory = reader.path("directory").value_or("");
  const std::pair<const char*, std::string*> names[] = {{"return", &out.return_name},
                                                        {"rejects", &out.rejects_name},
                                                        {"warnings", &out.warnings_name},
                                                        {"links", &out.links_name},
                                                        {"summary", &out.summary_name}};
  std::vector<OutputFile> files;
  for (const auto& [key, target] : names) {
    if (auto text = reader.string(key)) {
      check_template(reader, key, *text);
      *target = *text;
    }
    files.push_back({key, expand(*target, org.commissioner), reader.mark_of(key)});
  }
  if (auto dates = reader.string("return_dates")) {
    out.return_date_format = *dates == "yyyy-mm-dd"   ? "%Y-%m-%d"
                             : *dates == "dd-mm-yyyy" ? "%d-%m-%Y"
                                                      : "%d/%m/%Y";
  }
  Mark queries_mark = reader.mark_of("queries");
  read_query_outputs(reader, out, queries_mark);
  if (auto keep = reader.integer("keep_sets"); keep && *keep < 1) {
    reader.diagnostics().error(reader.mark_of("keep_sets"),
                               "'keep_sets' in outputs must be 1 or more");
  } else if (keep) {
    out.keep_sets = static_cast<std::size_t>(*keep);
  }

  Diagnostics& diag = reader.diagnostics();
  const std::string queries_base = expand(out.queries_name, org.commissioner);
  bool plain = check_plain_name({"queries", queries_base, queries_mark}, diag);
  for (const auto& file : files) {
    plain = check_plain_name(file, diag) && plain;
  }
  if (!plain) {
    return;
  }
  // The summary is written as .csv and .xlsx; the query list once per format.
  files[4].name += ".csv";
  files.push_back({"summary", expand(out.summary_name, org.commissioner) + ".xlsx", files[4].mark});
  for (const auto& format : out.query_formats) {
    files.push_back({"queries", queries_base + "." + format, queries_mark});
  }
  check_collisions(files, out, queries_base, diag);
  if (!state.sqlite.empty() && !out.directory.empty()) {
    for (const auto& file : files) {
      if ((out.directory / file.name).lexically_normal() == state.sqlite.lexically_normal()) {
        diag.error(file.mark, "'" + file.key + "' in outputs is the state database (" +
                                  state.sqlite.string() + ")");
      }
    }
  }
}

}  // namespace atpipe::config::detail
