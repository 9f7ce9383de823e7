#pragma once

#include "core/expected.hpp"
#include "store/database.hpp"

namespace atpipe::store {

// The state database's tables (runs, run_sources, queries, pulled_files, the submission ledger,
// schedule_steps, source_pulls) and the steps that bring a database written by an older atpipe
// up to date. Private to store/.
inline constexpr int kSchemaVersion = 4;

// Creates or upgrades the schema. A database already at kSchemaVersion is only read, so a
// reader never waits for a run's write lock.
[[nodiscard]] core::Expected<void> ensure_schema(Database& db);

}  // namespace atpipe::store
