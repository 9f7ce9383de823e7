#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

namespace atpipe::core {

// One site of the Master Provider and Site List (MPSL) snapshot.
struct SiteInfo {
  std::string provider;  // ODS provider code the site belongs to
  std::string postcode;  // normalised site postcode ("NN1 5BD")
  std::string name;
};

// A postcode centroid (from an ONS Postcode Directory extract), WGS84 degrees.
struct Centroid {
  double latitude = 0;
  double longitude = 0;
};

// Reference data a config names under `reference:`; each part is optional and a rule that
// needs a missing part falls back to a shape check (or is skipped, for distances).
struct ReferenceData {
  std::map<std::string, SiteInfo, std::less<>> sites;      // site code -> site (MPSL)
  std::set<std::string, std::less<>> providers;            // provider codes in the MPSL
  std::set<std::string, std::less<>> commissioners;        // live commissioner codes at the cut
  std::map<std::string, Centroid, std::less<>> centroids;  // normalised postcode -> centroid

  [[nodiscard]] bool has_mpsl() const { return !sites.empty() || !providers.empty(); }
  [[nodiscard]] bool has_commissioners() const { return !commissioners.empty(); }
  [[nodiscard]] bool has_centroids() const { return !centroids.empty(); }
};

}  // namespace atpipe::core
