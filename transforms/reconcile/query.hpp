#pragma once

#include "core/query.hpp"

namespace atpipe::transforms {

// Queries are a core type (the state store keeps them); transforms use the same names.
using core::make_query_id;
using core::Query;
using core::QueryReason;
using core::reason_code;
using core::reason_text;

}  // namespace atpipe::transforms
