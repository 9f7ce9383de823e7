#include "config/loader.hpp"

#include <date/tz.h>

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <memory>
#include <sstream>
#include <system_error>
#include <utility>

#include "config/code_lists_loader.hpp"
#include "config/default_sink_registry.hpp"
#include "config/key_table.hpp"
#include "config/loader_parts.hpp"
#include "config/reference_loader.hpp"
#include "config/schedule_reader.hpp"
#include "config/yaml_support.hpp"
#include "core/field.hpp"
#include "core/ods_code.hpp"

namespace atpipe::config {
namespace {

constexpr long kSupportedVersion = 1;

KeyTable top_level_keys() {
  KeyTable table = {
      {"version", KeyType::Int, true, "", {}, "config format version; must be 1"},
      {"organisation", KeyType::Map, true, "", {}, "the commissioner that owns the return"},
      {"state", KeyType::Map, true, "", {}, "where runs, the ledger and queries are kept"},
      {"sources", KeyType::Map, true, "", {}, "named sources, each with a type: and mapping:"},
      {"code_maps", KeyType::Map, false, "", {}, "name -> { source code: national code }"},
      {"merge", KeyType::Map, false, "", {}, "per-field source precedence: { precedence: ... }"},
      {"reconcile", KeyType::Map, false, "", {}, "how AT records are checked against census"},
      {"outputs", KeyType::Map, true, "", {}, "where return, query and reject files go"},
      {"code_lists",
       KeyType::Path,
       false,
       "",
       {},
       "national code lists by spec version (default: the built-in at_code_lists.yaml)"},
      {"reference",
       KeyType::Map,
       false,
       "",
       {},
       "reference CSV files: sites (MPSL), commissioners, postcodes (ONSPD centroids)"},
      {"submission",
       KeyType::Map,
       false,
       "",
       {},
       "sign-off, upload file profile and the sink that delivers the return"},
      {"status", KeyType::Map, false, "", {}, "status API and dashboard: listen, token, tls"},
      {"schedule", KeyType::Map, false, "", {}, "when `atpipe daemon` cuts, submits and pulls"},
  };
  return table;
}

const KeyTable kOrganisationKeys = {
    {"commissioner", KeyType::String, true, "", {}, "ODS code of the ICB or sub-ICB"},
    {"name", KeyType::String, false, "", {}, "shown in reports"},
    {"timezone",
     KeyType::String,
     false,
     "Europe/London",
     {},
     "IANA time zone of the monthly cut; an unknown one is refused"},
};

const KeyTable kStateKeys = {
    {"sqlite", KeyType::Path, true, "", {}, "the SQLite state database"},
};

const KeyTable kReconcileKeys = {
    {"compare",
     KeyType::StringList,
     false,
     "date_of_birth, postcode_home, provider_code",
     {},
     "fields compared between an AT record and its census match"},
    {"method",
     KeyType::Enum,
     false,
     "probabilistic",
     {"exact", "probabilistic"},
     "exact: NHS number only; probabilistic: then Fellegi-Sunter for the rest"},
    {"blocking", KeyType::Sequence, false, "", {}, "list of blocking keys, each a list of parts"},
    {"comparisons",
     KeyType::Map,
     false,
     "",
     {},
     "field -> { method, levels, transpositions, m, u }"},
    {"parameters",
     KeyType::Enum,
     false,
     "em",
     {"em", "fixed"},
     "m/u estimated by EM, or fixed in comparisons"},
    {"prior", KeyType::String, false, "", {}, "P(match) among candidate pairs (default: EM's)"},
    {"thresholds", KeyType::Map, false, "", {}, "{ match: 0.95, review: 0.60 } posterior"},
};

const KeyTable kThresholdKeys = {
    {"match", KeyType::String, false, "0.95", {}, "posterior at or above which a pair links"},
    {"review", KeyType::String, false, "0.60", {}, "posterior at or above which it is reviewed"},
};

const KeyTable kComparisonKeys = {
    {"method", KeyType::String, true, "", {}, "jaro_winkler, exact, date, postcode, nhs_number"},
    {"levels", KeyType::StringList, false, "", {}, "jaro_winkler similarity floors, descending"},
    {"transpositions", KeyType::Bool, false, "", {}, "date: a level for day/month swapped"},
    {"m", KeyType::StringList, false, "", {}, "fixed m per level"},
    {"u", KeyType::StringList, false, "", {}, "fixed u per level"},
};

void read_organisation(const NodeReader& top, Organisation& out) {
  if (!top.node("organisation").IsMap()) {
    return;
  }
  NodeReader reader(top.node("organisation"), kOrganisationKeys, "organisation", top.diagnostics(),
                    top.config_file());
  if (auto code = reader.string("commissioner")) {
    if (!core::ods_shape_ok(*code, core::OdsKind::Commissioner)) {
      reader.diagnostics().error(
          reader.mark_of("commissioner"),
          "'commissioner' in organisation must be an ODS commissioner code (3 or 5 upper-case "
          "letters or digits), got '" +
              *code + "'");
    }
    out.commissioner = *code;
  }
  out.name = reader.string("name").value_or("");
  out.timezone = reader.string("timezone").value_or(out.timezone);
  // Refused here, so that no command falls back to another zone and cuts the month wrongly.
  try {
    (void)date::locate_zone(out.timezone);
  } catch (const std::exception&) {
    reader.diagnostics().error(reader.mark_of("timezone"),
                               "unknown time zone '" + out.timezone +
                                   "' in organisation (an IANA name such as Europe/London; the "
                                   "monthly cut is midnight there)");
  }
}

void read_state(const NodeReader& top, StateSpec& out) {
  if (!top.node("state").IsMap()) {
    return;
  }
  NodeReader reader(top.node("state"), kStateKeys, "state", top.diagnostics(), top.config_file());
  out.sqlite = reader.path("sqlite").value_or("");
}

detail::CodeMaps read_code_maps(const NodeReader& top) {
  detail::CodeMaps out;
  Diagnostics& diag = top.diagnostics();
  const auto& file = top.config_file();
  for (const auto& entry : detail::entries_of(top.node("code_maps"))) {
    const Mark key_mark = mark_of(entry.key, file);
    if (!entry.key.IsScalar()) {
      diag.error(key_mark,
                 "code map names must be plain names, got " + detail::describe_node(entry.key));
      continue;
    }
    const std::string& name = entry.key.Scalar();
    if (auto first = out.find(name); first != out.end()) {
      diag.error(key_mark,
                 "code map '" + name + "' given twice" + detail::first_at(first->second.mark));
      continue;
    }
    CodeMap map{name, {}, key_mark};
    if (!entry.value.IsMap()) {
      diag.error(detail::value_mark(entry, file),
                 "code map '" + name + "' must be a mapping of source code to national code, got " +
                     detail::describe_node(entry.value));
    }
    std::map<std::string, Mark> seen;
    for (const auto& code : detail::entries_of(entry.value)) {
      const Mark code_mark = mark_of(code.key, file);
      if (!code.key.IsScalar() || !code.value.IsScalar()) {
        const auto& bad = code.key.IsScalar() ? code.value : code.key;
        diag.error(code.key.IsScalar() ? detail::value_mark(code, file) : code_mark,
                   "entries of code map '" + name + "' must be plain codes, got " +
                       detail::describe_node(bad));
        continue;
      }
      if (auto first = seen.find(code.key.Scalar()); first != seen.end()) {
        diag.error(code_mark, "code '" + code.key.Scalar() + "' given twice in code map '" + name +
                                  "'" + detail::first_at(first->second));
        continue;
      }
      seen.emplace(code.key.Scalar(), code_mark);
      map.entries.emplace(code.key.Scalar(), code.value.Scalar());
    }
    out.emplace(name, std::move(map));
  }
  return out;
}

// A probability or similarity written as a YAML scalar; reports and returns nullopt if it is
// not a number in [0, 1].
std::optional<double> read_fraction(const NodeReader& reader, const std::string& key,
                                    const std::string& text) {
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end == nullptr || *end != '\0' || v < 0.0 || v > 1.0) {
    reader.diagnostics().error(reader.mark_of(key), "'" + key + "' in " + reader.context() +
                                                        " must be a number from 0 to 1, got '" +
                                                        text + "'");
    return std::nullopt;
  }
  return v;
}

std::vector<double> read_fractions(const NodeReader& reader, const std::string& key) {
  std::vector<double> out;
  for (const auto& text : reader.string_list(key)) {
    if (auto v = read_fraction(reader, key, text)) {
      out.push_back(*v);
    }
  }
  return out;
}

void read_linkage(const NodeReader& reader, ReconcileSpec& out) {
  out.mark = reader.mark();
  out.method = reader.string("method").value_or("probabilistic");
  out.parameters = reader.string("parameters").value_or("em");
  if (auto prior = reader.string("prior"); prior && !prior->empty()) {
    out.prior = read_fraction(reader, "prior", *prior);
  }
  const YAML::Node blocking = reader.node("blocking");
  if (blocking && blocking.IsSequence()) {
    for (const auto& rule : blocking) {
      std::vector<std::string> parts;
      if (rule.IsScalar()) {
        parts.push_back(rule.Scalar());
      } else if (rule.IsSequence()) {
        for (const auto& part : rule) {
          parts.push_back(part.IsScalar() ? part.Scalar() : "");
        }
      }
      if (parts.empty() || std::find(parts.begin(), parts.end(), "") != parts.end()) {
        reader.diagnostics().error(mark_of(rule, reader.config_file()),
                                   "each blocking rule must be a list of key parts, such as "
                                   "[postcode_district, sex]");
        continue;
      }
      out.blocking.push_back(std::move(parts));
    }
  }
  const YAML::Node thresholds = reader.node("thresholds");
  if (thresholds && thresholds.IsMap()) {
    NodeReader t(thresholds, kThresholdKeys, "reconcile.thresholds", reader.diagnostics(),
                 reader.config_file());
    out.match_threshold =
        read_fraction(t, "match", t.string("match").value_or("0.95")).value_or(out.match_threshold);
    out.review_threshold = read_fraction(t, "review", t.string("review").value_or("0.60"))
                               .value_or(out.review_threshold);
    if (out.review_threshold > out.match_threshold) {
      t.diagnostics().error(t.mark_of("review"),
                            "the review threshold must not be above the match threshold");
    }
  }
  const YAML::Node comparisons = reader.node("comparisons");
  if (comparisons && comparisons.IsMap()) {
    for (const auto& entry : comparisons) {
      ComparisonSetting c;
      c.field = entry.first.Scalar();
      c.mark = mark_of(entry.first, reader.config_file());
      NodeReader r(entry.second, kComparisonKeys, "comparison '" + c.field + "'",
                   reader.diagnostics(), reader.config_file());
      c.method = r.string("method").value_or("");
      c.levels = read_fractions(r, "levels");
      c.transpositions = r.boolean("transpositions");
      c.m = read_fractions(r, "m");
      c.u = read_fractions(r, "u");
      out.comparisons.push_back(std::move(c));
    }
  }
}

void read_reconcile(const NodeReader& top, ReconcileSpec& out) {
  // Absent means all defaults; a present but malformed section is already reported.
  const YAML::Node node = top.node("reconcile");
  if (top.has("reconcile") && !node.IsMap()) {
    return;
  }
  NodeReader reader(top.has("reconcile") ? node : YAML::Node(YAML::NodeType::Map), kReconcileKeys,
                    "reconcile", top.diagnostics(), top.config_file());
  for (const auto& name : reader.string_list("compare")) {
    const auto field = core::field_by_name(name);
    if (!field) {
      reader.diagnostics().error(
          reader.mark_of("compare"),
          "unknown field '" + name + "' in 'compare' of reconcile (" + detail::fields_hint() + ")");
      continue;
    }
    if (std::find(out.compare.begin(), out.compare.end(), *field) == out.compare.end()) {
      out.compare.push_back(*field);
    }
  }
  read_linkage(reader, out);
}

// The built-in lists, with each (list, version) the file `code_lists:` names replacing the
// built-in one; a broken file is reported at the key.
void load_code_lists(const NodeReader& top, Config& config) {
  auto path = top.path("code_lists");
  if (!path) {
    config.code_lists = std::make_shared<const core::CodeLists>(default_code_lists());
    return;
  }
  std::string reason;
  const auto text = detail::read_whole_file(*path, reason);
  if (!text) {
    top.diagnostics().error(top.mark_of("code_lists"),
                            "cannot read code lists file '" + path->string() + "': " + reason);
    return;
  }
  // Each problem at its own place in the lists file, with where the config names that file.
  Diagnostics found;
  auto lists = read_code_lists(*text, path->string(), &default_code_lists(), found);
  if (!lists) {
    const std::string named =
        " (the file 'code_lists' names at " + top.mark_of("code_lists").describe() + ")";
    for (const auto& item : found.items()) {
      top.diagnostics().error(item.mark, item.message + named);
    }
    return;
  }
  auto merged = default_code_lists();
  merged.replace_with(*lists);
  config.code_lists = std::make_shared<const core::CodeLists>(std::move(merged));
}

void read_config(const YAML::Node& root, const SourceRegistry& registry, const SinkRegistry& sinks,
                 Diagnostics& diag, const std::filesystem::path& file, Config& config) {
  const NodeReader top(root, top_level_keys(), "", diag, file);
  if (auto version = top.integer("version"); version && *version != kSupportedVersion) {
    diag.error(top.mark_of("version"), "unsupported config version " + std::to_string(*version) +
                                           "; this atpipe reads version 1");
  }
  read_organisation(top, config.organisation);
  read_state(top, config.state);
  auto code_maps = read_code_maps(top);
  config.sources = detail::read_sources(top, registry, code_maps);
  config.code_maps = std::move(code_maps);
  detail::read_merge(top, config.sources, config.merge);
  read_reconcile(top, config.reconcile);
  detail::read_outputs(top, config.organisation, config.state, config.outputs);
  load_code_lists(top, config);
  config.reference = detail::read_reference(top);
  std::optional<SubmissionSpec> submission;
  detail::read_submission(top, sinks, submission);
  if (submission) {
    config.submission = std::make_shared<const SubmissionSpec>(std::move(*submission));
  }
  detail::read_status(top, config.status);
  config.schedule = detail::read_schedule(top);
}

// Parses the text into exactly one YAML document, or reports why not.
std::optional<YAML::Node> parse_document(const std::string& text, const std::filesystem::path& file,
                                         Diagnostics& diag) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    Mark at{file.string(), e.mark.is_null() ? 0 : e.mark.line + 1,
            e.mark.is_null() ? 0 : e.mark.column + 1};
    diag.error(at, "invalid YAML: " + e.msg);
    return std::nullopt;
  }
  if (documents.empty() || documents.front().IsNull()) {
    diag.error(Mark{file.string(), 0, 0}, "the config file is empty");
    return std::nullopt;
  }
  if (documents.size() > 1) {
    diag.error(mark_of(documents[1], file), "the config file holds " +
                                                std::to_string(documents.size()) +
                                                " YAML documents; atpipe reads one");
    return std::nullopt;
  }
  return documents.front();
}

}  // namespace

LoadResult load_config(const std::filesystem::path& file, const SourceRegistry& registry) {
  static const SinkRegistry kNoSinks{};
  const auto& sinks = default_sink_registry();
  return load_config(file, registry, sinks ? *sinks : kNoSinks);
}

LoadResult load_config(const std::filesystem::path& file, const SourceRegistry& registry,
                       const SinkRegistry& sinks) {
  LoadResult result;
  Diagnostics diag;
  try {
    std::string reason;
    auto text = detail::read_whole_file(file, reason);
    if (!text) {
      diag.error(Mark{file.string(), 0, 0},
                 "cannot read config file '" + file.string() + "': " + reason);
    } else if (auto root = parse_document(*text, file, diag)) {
      auto config = std::make_shared<Config>();
      std::error_code ec;
      const auto absolute = std::filesystem::absolute(file, ec);
      config->file = (ec ? file : absolute).lexically_normal();
      read_config(*root, registry, sinks, diag, file, *config);
      if (diag.empty()) {
        result.config = std::move(config);
      }
    }
  } catch (const std::exception& e) {
    // Every expected problem is reported above; this is a bug, but still not a crash.
    diag.error(Mark{file.string(), 0, 0}, std::string("internal error while loading: ") + e.what());
    result.config = nullptr;
  }
  result.diagnostics = diag.items();
  // Sections are read in dependency order, not file order; print in file order.
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::pair(a.mark.line, a.mark.column) <
                            std::pair(b.mark.line, b.mark.column);
                   });
  return result;
}

}  // namespace atpipe::config
