#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/schedule_model.hpp"
#include "config/status_model.hpp"
#include "core/code_lists.hpp"
#include "core/field.hpp"
#include "core/reference_data.hpp"

namespace atpipe::config {

enum class SourceRole { At, Census };

// How one canonical field is filled from a source row.
struct FieldMapping {
  core::Field field = core::Field::LocalId;
  std::string column;                   // source column name (or JSON Pointer); "" if constant
  std::optional<std::string> constant;  // `{ value: RP1 }`
  std::vector<std::string> formats;     // date formats, tried in order
  std::string code_map;                 // name of an entry in code_maps, "" = none
  std::vector<std::string> transforms;  // extra normalisers: upper, lower
  Mark mark;
};

// A connector's own typed settings. Each connector derives its XConfig from this; the
// instance only ever reads it (style.md rule 3).
struct ConnectorConfig {
  virtual ~ConnectorConfig() = default;
};
using ConnectorConfigPtr = std::shared_ptr<const ConnectorConfig>;

struct SubmissionSpec;  // config/submission_model.hpp

struct SourceSpec {
  std::string name;
  std::string type;
  SourceRole role = SourceRole::At;
  int precedence = 100;  // lower wins field conflicts
  // A longer mapped value is a finding on its row and field (the row is rejected); connectors
  // that parse text (csv) also stop storing a field beyond it, so a huge cell costs nothing.
  std::size_t max_field_length = 4096;  // bytes
  std::vector<FieldMapping> mapping;
  ConnectorConfigPtr connector;
  Mark mark;
};

struct CodeMap {
  std::string name;
  std::map<std::string, std::string> entries;  // source code -> national code
  Mark mark;
};

struct Organisation {
  std::string commissioner;  // ODS code of the ICB / sub-ICB that owns the return
  std::string name;
  std::string timezone = "Europe/London";
};

struct StateSpec {
  std::filesystem::path sqlite;
};

// One field comparison of probabilistic linkage (names as the YAML gives them; the linkage
// engine checks them, so check-config reports them with their marks).
struct ComparisonSetting {
  std::string field;   // nhs_number, surname, forename, date_of_birth, postcode, sex
  std::string method;  // jaro_winkler, exact, date, postcode, nhs_number
  std::vector<double> levels;
  std::optional<bool> transpositions;
  std::vector<double> m;  // fixed m per level (parameters: fixed)
  std::vector<double> u;
  Mark mark;
};

struct ReconcileSpec {
  // Fields compared between an AT record and its census match; a difference is a query.
  std::vector<core::Field> compare;
  // Linkage: exact on NHS number only, or exact then Fellegi–Sunter for the rest.
  std::string method = "probabilistic";
  std::vector<std::vector<std::string>> blocking;  // empty = the engine's defaults
  std::vector<ComparisonSetting> comparisons;      // empty = the engine's defaults
  std::string parameters = "em";                   // em | fixed
  std::optional<double> prior;
  double match_threshold = 0.95;  // posterior probability
  double review_threshold = 0.60;
  Mark mark;
};

struct OutputSpec {
  std::filesystem::path directory;
  // Templates: {commissioner}, {period}, {run_id}.
  std::string return_name = "AT_{commissioner}_{period}.csv";
  // How the return writes dates: the CAP convention DD/MM/YYYY (at-spec §1.2) unless set.
  std::string return_date_format = "%d/%m/%Y";
  std::string queries_name = "queries_{commissioner}_{period}";  // extension added per format
  std::string rejects_name = "rejects_{commissioner}_{period}.csv";
  std::string warnings_name = "warnings_{commissioner}_{period}.csv";
  std::string links_name = "links_{commissioner}_{period}.csv";
  std::string summary_name = "summary_{commissioner}_{period}";  // .csv and .xlsx
  // The query list is written in each format (csv, xlsx, html) as queries_name with that
  // extension; per_owner adds one set of files per owner (provider or commissioner).
  std::vector<std::string> query_formats = {"csv"};
  bool queries_per_owner = false;
  std::size_t keep_sets = 5;  // output sets kept per period under <directory>/.runs/
};

// `merge:`: for the fields named, the AT sources to take the value from, in order; sources not
// named follow by their own precedence.
struct MergeSpec {
  std::map<core::Field, std::vector<std::string>> field_precedence;
};

// A whole, validated configuration. Immutable once loaded and shared as ConfigPtr; a reload
// builds a new one (style.md rule 3).
struct Config {
  std::filesystem::path file;
  int version = 1;
  Organisation organisation;
  StateSpec state;
  std::vector<SourceSpec> sources;
  std::map<std::string, CodeMap> code_maps;
  ReconcileSpec reconcile;
  MergeSpec merge;
  OutputSpec outputs;
  std::shared_ptr<const core::CodeLists> code_lists;  // never null in a loaded config
  // MPSL sites, commissioners and postcode centroids from `reference:`; null when absent.
  std::shared_ptr<const core::ReferenceData> reference;
  // `submission:` (sign-off, upload profile, sink); null when the config has none.
  std::shared_ptr<const SubmissionSpec> submission;
  StatusSpec status;                     // `status:`: the status API and dashboard
  std::optional<ScheduleSpec> schedule;  // `schedule:`; `atpipe daemon` needs it

  [[nodiscard]] const SourceSpec* find_source(const std::string& name) const;
};

using ConfigPtr = std::shared_ptr<const Config>;

}  // namespace atpipe::config
