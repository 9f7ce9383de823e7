#pragma once

#include <string>

#include "connectors/mesh/mesh_config.hpp"
#include "connectors/mesh/mesh_http.hpp"
#include "core/error.hpp"

namespace atpipe::connectors::mesh {

// The MESH error in a response body, v2 `detail[0]` or v1 `errorCode`/`errorDescription`:
// "code 12, Unregistered to address", or "" when the body has none.
[[nodiscard]] std::string mesh_error_detail(const std::string& body);

// The MESH error code alone ("12"), or "".
[[nodiscard]] std::string mesh_error_code(const std::string& body);

// The error for an answer MESH refused (mesh.md 1.6), with the code that says whether a retry
// may help: 401/403 Auth; 417 with code 12 (unregistered recipient) Config; 404/410 NotFound;
// 425, 429 and 5xx Network; any other refusal Validation.
[[nodiscard]] core::Error mesh_status_error(const std::string& sink, const MeshConfig& config,
                                            const MeshRequest& request,
                                            const MeshResponse& response);

// Whether a status means "not now" rather than "no": 425, 429, 502, 503, 504 and other 5xx.
[[nodiscard]] bool transient_status(long status);

}  // namespace atpipe::connectors::mesh
