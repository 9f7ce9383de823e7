#include "config/code_lists_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <iostream>

#include "atpipe/default_code_lists.hpp"

namespace atpipe::config {
namespace {

std::string at(const std::string& origin, const YAML::Mark& mark) {
  return origin + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

}  // namespace

core::Expected<core::CodeLists> parse_code_lists(const std::string& text,
                                                 const std::string& origin) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    return core::fail(core::ErrorCode::Config, at(origin, e.mark) + ": error: " + e.msg);
  }
  const auto lists = root["lists"];
  if (!root.IsMap() || !lists || !lists.IsMap()) {
    return core::fail(core::ErrorCode::Config,
                      origin + ": error: expected a map 'lists: { list: { version: [codes] } }'");
  }
  core::CodeLists out;
  for (const auto& list : lists) {
    const std::string name = list.first.Scalar();
    if (!list.second.IsMap()) {
      return core::fail(core::ErrorCode::Config, at(origin, list.second.Mark()) +
                                                     ": error: code list '" + name +
                                                     "' must map spec versions to lists of codes");
    }
    for (const auto& version : list.second) {
      if (!version.second.IsSequence()) {
        return core::fail(core::ErrorCode::Config, at(origin, version.second.Mark()) +
                                                       ": error: version '" +
                                                       version.first.Scalar() + "' of code list '" +
                                                       name + "' must be a list of codes");
      }
      std::vector<std::string> codes;
      for (const auto& code : version.second) {
        if (!code.IsScalar()) {
          return core::fail(
              core::ErrorCode::Config,
              at(origin, code.Mark()) + ": error: codes in '" + name + "' must be plain values");
        }
        codes.push_back(code.Scalar());
      }
      out.add(name, version.first.Scalar(), std::move(codes));
    }
  }
  return out;
}

const core::CodeLists& default_code_lists() {
  static const core::CodeLists lists = [] {
    auto parsed = parse_code_lists(kDefaultCodeListsYaml, "built-in at_code_lists.yaml");
    if (!parsed) {
      // The file is checked by the unit tests; reaching this is a build bug.
      std::cerr << parsed.error().describe() << "\n";
      std::abort();
    }
    return std::move(parsed).value();
  }();
  return lists;
}

}  // namespace atpipe::config
