#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/date_value.hpp"

namespace atpipe::core {

// One site of the Master Provider and Site List (MPSL) snapshot.
struct SiteInfo {
  std::string provider;  // ODS provider code the site belongs to
  std::string postcode;  // normalised site postcode ("NN1 5BD"); "" when the MPSL has none
  std::string name;
};

// A postcode centroid (from an ONS Postcode Directory extract), WGS84 degrees.
struct Centroid {
  double latitude = 0;
  double longitude = 0;
};

// When a commissioner code was in use: from `open` to the day before `close` (none = still
// open). A code closed and reopened has one period per row of the file.
struct OpenPeriod {
  Date open;
  std::optional<Date> close;
};

// Reference data a config names under `reference:`; each part is optional and a rule that
// needs a missing part falls back to a shape check (or is skipped, for distances). Loaded
// once with the config and then only read, by any thread.
struct ReferenceData {
  std::map<std::string, SiteInfo, std::less<>> sites;  // site code -> site (MPSL)
  std::set<std::string, std::less<>> providers;        // provider codes in the MPSL
  // Commissioner code -> the periods it was live; whether it is live depends on the run's cut.
  std::map<std::string, std::vector<OpenPeriod>, std::less<>> commissioners;
  std::map<std::string, Centroid, std::less<>> centroids;  // normalised postcode -> centroid

  [[nodiscard]] bool has_mpsl() const { return !sites.empty() || !providers.empty(); }
  [[nodiscard]] bool has_commissioners() const { return !commissioners.empty(); }
  [[nodiscard]] bool has_centroids() const { return !centroids.empty(); }

  // Live at the cut: opened on or before it and not closed on or before it.
  [[nodiscard]] bool commissioner_live(std::string_view code, const Date& cut) const {
    const auto it = commissioners.find(code);
    if (it == commissioners.end()) {
      return false;
    }
    for (const auto& p : it->second) {
      if (p.open <= cut && (!p.close || *p.close > cut)) {
        return true;
      }
    }
    return false;
  }
};

}  // namespace atpipe::core
