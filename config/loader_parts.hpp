#pragma once

// The pieces of load_config() that read one section each, private to config/. Each one
// reports every problem it finds into the reader's Diagnostics and returns what it could
// read; load_config() throws the result away if anything was reported.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/key_table.hpp"
#include "config/model.hpp"
#include "config/sink_registry.hpp"
#include "config/source_registry.hpp"
#include "config/submission_model.hpp"

namespace atpipe::config::detail {

using CodeMaps = std::map<std::string, CodeMap>;

// `sources:` of the top-level reader: names, common keys, the connector's own keys (through
// its factory) and each source's mapping.
[[nodiscard]] std::vector<SourceSpec> read_sources(const NodeReader& top,
                                                   const SourceRegistry& registry,
                                                   const CodeMaps& code_maps);

// The `mapping:` of one source, whose reader is `source` and whose name is `name`.
[[nodiscard]] std::vector<FieldMapping> read_mapping(const NodeReader& source,
                                                     const std::string& name,
                                                     const CodeMaps& code_maps);

// `merge:`: per-field source precedence, checked against the sources already read.
void read_merge(const NodeReader& top, const std::vector<SourceSpec>& sources, MergeSpec& out);

// `outputs:`: the folder and every file name, refusing names that leave the folder or that
// two outputs share once {commissioner}, {period} and {run_id} are filled in.
void read_outputs(const NodeReader& top, const Organisation& org, const StateSpec& state,
                  OutputSpec& out);

// `submission:`: approval, drop hold, upload profile and the sink (through its factory); left
// empty when the config has no submission section.
void read_submission(const NodeReader& top, const SinkRegistry& sinks,
                     std::optional<SubmissionSpec>& out);

// `submission.sink:` of the submission reader `top`.
void read_sink(const NodeReader& top, const SinkRegistry& registry, SinkSpec& out);
// `status:`: listen address, token and TLS files of the status API; a listen address off
// loopback without a token is refused at the address.
void read_status(const NodeReader& top, StatusSpec& out);

// "unknown field 'x' in <where>, did you mean 'y'? ('atpipe fields' lists …)".
[[nodiscard]] std::string unknown_field_message(const std::string& name, const std::string& where);

// "local_id, spec_version, …" in the return's column order, for messages.
[[nodiscard]] std::string fields_hint();

}  // namespace atpipe::config::detail
