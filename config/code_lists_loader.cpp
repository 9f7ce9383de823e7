#include "config/code_lists_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "atpipe/default_code_lists.hpp"
#include "config/yaml_support.hpp"

namespace atpipe::config {
namespace {

constexpr const char* kShape = "lists: { <list>: { \"<spec version>\": [codes] } }";

// Reads one file; every problem goes to `diag` at the file's own line and column.
class CodeListsReader {
 public:
  CodeListsReader(std::string origin, const core::CodeLists* known, Diagnostics& diag)
      : origin_(std::move(origin)), known_(known), diag_(diag) {}

  void read(const YAML::Node& root) {
    if (!root.IsMap()) {
      // The shape only: the file may be anything (/etc/passwd), so none of it is quoted.
      const char* got = root.IsSequence() ? "a list" : root.IsNull() ? "nothing" : "a text";
      error(root, "a code lists file must be a YAML map '" + std::string(kShape) + "', got " + got);
      return;
    }
    YAML::Node lists;
    for (const auto& entry : root) {
      const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
      if (key == "lists") {
        lists = entry.second;
      } else if (key == "version") {
        if (!entry.second.IsScalar() || entry.second.Scalar() != "1") {
          error(entry.second, "'version' of a code lists file must be 1");
        }
      } else {
        error(entry.first, "unknown key " + detail::describe_node(entry.first) +
                               " in a code lists file (allowed: version, lists)");
      }
    }
    if (!lists) {
      error(root, "a code lists file needs 'lists:' (" + std::string(kShape) + ")");
    } else if (!lists.IsMap() || lists.size() == 0) {
      error(lists, "'lists' must be a non-empty map '" + std::string(kShape) + "'");
    } else {
      for (const auto& list : lists) {
        read_list(list.first, list.second);
      }
    }
  }

  [[nodiscard]] core::CodeLists take() { return std::move(out_); }

  void error(const YAML::Node& node, std::string message) { diag_.error(at(node), message); }
  void error_at(Mark mark, std::string message) { diag_.error(std::move(mark), message); }

  [[nodiscard]] Mark at(const YAML::Node& node) const {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) {
      return Mark{origin_, 0, 0};
    }
    return Mark{origin_, mark.line + 1, mark.column + 1};
  }

 private:
  void read_list(const YAML::Node& key, const YAML::Node& value) {
    if (!key.IsScalar()) {
      error(key, "code list names must be plain names, got " + detail::describe_node(key));
      return;
    }
    const std::string& name = key.Scalar();
    if (known_ != nullptr) {
      const auto names = known_->names();
      if (!std::binary_search(names.begin(), names.end(), name)) {
        const auto suggestion = detail::closest(name, names);
        error(key, "unknown code list '" + name + "'" +
                       (suggestion ? ", did you mean '" + *suggestion + "'?" : "") +
                       " (a file replaces built-in lists; it cannot add new ones)");
        return;
      }
    }
    if (!value.IsMap() || value.size() == 0) {
      error(value, "code list '" + name +
                       "' must map spec versions to lists of codes, such as "
                       "{ \"4\": [A, B] }");
      return;
    }
    for (const auto& version : value) {
      read_version(name, version.first, version.second);
    }
  }

  void read_version(const std::string& name, const YAML::Node& key, const YAML::Node& codes) {
    const std::string version = key.IsScalar() ? key.Scalar() : "";
    if (version.empty()) {
      error(key, "spec versions of code list '" + name + "' must be plain values such as \"4\"");
      return;
    }
    if (known_ != nullptr && !known_->has(name, version)) {
      error(key, "code list '" + name + "' has no spec version '" + version +
                     "' to replace (versions: 3, 4)");
      return;
    }
    if (!codes.IsSequence()) {
      error(codes, "version '" + version + "' of code list '" + name + "' must be a list of codes");
      return;
    }
    if (codes.size() == 0) {
      error(codes, "version '" + version + "' of code list '" + name +
                       "' is empty: every value would be refused");
      return;
    }
    std::vector<std::string> values;
    for (const auto& code : codes) {
      if (!code.IsScalar() || code.Scalar().empty()) {
        error(code, "codes in '" + name + "' must be plain, non-empty values");
        return;
      }
      values.push_back(code.Scalar());
    }
    out_.add(name, version, std::move(values));
  }

  std::string origin_;
  const core::CodeLists* known_;
  Diagnostics& diag_;
  core::CodeLists out_;
};

}  // namespace

std::optional<core::CodeLists> read_code_lists(const std::string& text, const std::string& origin,
                                               const core::CodeLists* known, Diagnostics& diag) {
  const std::size_t before = diag.items().size();
  CodeListsReader reader(origin, known, diag);
  try {
    reader.read(YAML::Load(text));
  } catch (const YAML::Exception& e) {
    const bool has_mark = !e.mark.is_null();
    reader.error_at(Mark{origin, has_mark ? e.mark.line + 1 : 0, has_mark ? e.mark.column + 1 : 0},
                    "not a YAML code lists file: " + e.msg);
  }
  if (diag.items().size() != before) {
    return std::nullopt;
  }
  return reader.take();
}

core::Expected<core::CodeLists> parse_code_lists(const std::string& text,
                                                 const std::string& origin) {
  Diagnostics diag;
  auto lists = read_code_lists(text, origin, &default_code_lists(), diag);
  if (!lists) {
    std::string message;
    for (const auto& item : diag.items()) {
      // Appended piecewise: `"" + std::string` inlined at -O3 trips GCC 12's -Wrestrict.
      if (!message.empty()) {
        message += '\n';
      }
      message += item.describe();
    }
    return core::fail(core::ErrorCode::Config, message);
  }
  return std::move(*lists);
}

const core::CodeLists& default_code_lists() {
  static const core::CodeLists lists = [] {
    Diagnostics diag;
    auto parsed =
        read_code_lists(kDefaultCodeListsYaml, "built-in at_code_lists.yaml", nullptr, diag);
    if (!parsed) {
      // The file is checked by the unit tests; reaching this is a build bug.
      for (const auto& item : diag.items()) {
        std::cerr << item.describe() << "\n";
      }
      std::abort();
    }
    return std::move(*parsed);
  }();
  return lists;
}

}  // namespace atpipe::config
