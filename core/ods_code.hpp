#pragma once

#include <string>
#include <string_view>

namespace atpipe::core {

// The organisation kinds whose code shapes at-spec §5.2 gives.
enum class OdsKind { Commissioner, Provider, ProviderSite };

// Upper-cases and trims; returns "" for blank input.
[[nodiscard]] std::string normalise_ods(std::string_view raw);

// Shape only (membership needs an ODS/MPSL snapshot, a later step):
//  commissioner: ICB Q+2, sub-ICB 3 or 5 alphanumerics;
//  provider: trust R+2, independent N+2, or the older 5-character frame;
//  site: R+4, N+4 or 5 alphanumerics.
[[nodiscard]] bool ods_shape_ok(std::string_view code, OdsKind kind);

}  // namespace atpipe::core
