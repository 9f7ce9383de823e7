#pragma once

#include <vector>

#include "core/expected.hpp"
#include "transforms/linkage/link_config.hpp"
#include "transforms/linkage/link_result.hpp"
#include "transforms/linkage/link_side.hpp"

namespace atpipe::transforms::linkage {

// Links AT records to census records (design.md step 5): exactly on a valid NHS number
// first; then, for everyone else (no, invalid or unmatched NHS number), Fellegi–Sunter
// probabilistic linkage: blocking rules, field comparisons with partial agreement, m and u
// by EM (or fixed), posterior thresholds, and one-to-one assignment that sends close calls
// to review. Exact pairs are never re-scored away. Pure; uses config.threads threads.
// Fails (ErrorCode::Config) only when check_linkage_config() rejects the config.
[[nodiscard]] core::Expected<LinkageResult> link(const LinkSide& at, const LinkSide& census,
                                                 const LinkageConfig& config);

// The same over text values (dates ISO yyyy-mm-dd, as core::Record holds them); indices in
// the result are positions in these vectors.
[[nodiscard]] core::Expected<LinkageResult> link(const std::vector<LinkInput>& at,
                                                 const std::vector<LinkInput>& census,
                                                 const LinkageConfig& config);

}  // namespace atpipe::transforms::linkage
