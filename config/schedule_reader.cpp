#include "config/schedule_reader.hpp"

#include <string>
#include <vector>

#include "config/yaml_support.hpp"
#include "core/date_value.hpp"

namespace atpipe::config::detail {
namespace {

const std::vector<std::string> kWorkingDays = {"first-working-day", "second-working-day",
                                               "third-working-day", "fourth-working-day",
                                               "fifth-working-day"};

const KeyTable kScheduleKeys = {
    {"cut",
     KeyType::Enum,
     false,
     "month-end",
     {"month-end"},
     "the reporting cut: midnight at the end of the last day of each month"},
    {"weekly_cut",
     KeyType::Enum,
     false,
     "none",
     {"none", "sunday"},
     "also a management-information run at the end of each Sunday"},
    {"submit", KeyType::Map, false, "", {}, "{ after_cut: first-working-day, at: \"09:00\" }"},
    {"pulls", KeyType::Map, false, "", {}, "{ every: day, at: \"02:00\" }: pull every source"},
    {"bank_holidays",
     KeyType::Sequence,
     false,
     "",
     {},
     "dates (YYYY-MM-DD) that are not working days"},
    {"bank_holidays_file",
     KeyType::Path,
     false,
     "",
     {},
     "a YAML file holding a list of bank holiday dates (YYYY-MM-DD)"},
};

const KeyTable kSubmitKeys = {
    {"after_cut", KeyType::Enum, false, "first-working-day", kWorkingDays,
     "the working day after the cut on which the return is submitted"},
    {"at", KeyType::String, false, "09:00", {}, "local time HH:MM"},
};

const KeyTable kPullKeys = {
    {"every", KeyType::Enum, false, "day", {"day"}, "how often every source is pulled"},
    {"at", KeyType::String, false, "02:00", {}, "local time HH:MM"},
};

std::optional<TimeOfDay> read_time(const NodeReader& reader, const TimeOfDay& fallback) {
  const auto text = reader.string("at");
  if (!text) {
    return fallback;
  }
  auto time = parse_time_of_day(*text);
  if (!time) {
    reader.diagnostics().error(reader.mark_of("at"), "'at' in " + reader.context() +
                                                         " must be a time HH:MM from 00:00 to "
                                                         "23:59, got '" +
                                                         *text + "'");
  }
  return time;
}

// Each item of a list of dates, reported at its own position in `file`.
void read_dates(const YAML::Node& list, const std::filesystem::path& file, const std::string& what,
                Diagnostics& diag, std::set<date::sys_days>& out) {
  for (const auto& item : list) {
    const auto date = item.IsScalar() ? core::parse_iso(item.Scalar()) : std::nullopt;
    if (!date) {
      diag.error(mark_of(item, file),
                 what + " must be dates written YYYY-MM-DD, got " + describe_node(item));
      continue;
    }
    out.insert(date::sys_days{*date});
  }
}

void read_holiday_file(const NodeReader& reader, const std::filesystem::path& path,
                       std::set<date::sys_days>& out) {
  Diagnostics& diag = reader.diagnostics();
  const std::string named = " (the file 'bank_holidays_file' names at " +
                            reader.mark_of("bank_holidays_file").describe() + ")";
  std::string reason;
  const auto text = read_whole_file(path, reason);
  if (!text) {
    diag.error(reader.mark_of("bank_holidays_file"),
               "cannot read bank holidays file '" + path.string() + "': " + reason);
    return;
  }
  YAML::Node root;
  try {
    root = YAML::Load(*text);
  } catch (const YAML::Exception& e) {
    diag.error(Mark{path.string(), e.mark.is_null() ? 0 : e.mark.line + 1,
                    e.mark.is_null() ? 0 : e.mark.column + 1},
               "invalid YAML: " + e.msg + named);
    return;
  }
  if (!root.IsSequence()) {
    diag.error(root.IsNull() ? Mark{path.string(), 0, 0} : mark_of(root, path),
               "a bank holidays file must hold a list of dates (YYYY-MM-DD), got " +
                   describe_node(root) + named);
    return;
  }
  read_dates(root, path, "bank holidays", diag, out);
}

}  // namespace

std::optional<TimeOfDay> parse_time_of_day(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') {
    return std::nullopt;
  }
  const auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  if (!digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    return std::nullopt;
  }
  TimeOfDay t{(text[0] - '0') * 10 + (text[1] - '0'), (text[3] - '0') * 10 + (text[4] - '0')};
  if (t.hour > 23 || t.minute > 59) {
    return std::nullopt;
  }
  return t;
}

std::optional<ScheduleSpec> read_schedule(const NodeReader& top) {
  if (!top.has("schedule") || !top.node("schedule").IsMap()) {
    return std::nullopt;
  }
  NodeReader reader(top.node("schedule"), kScheduleKeys, "schedule", top.diagnostics(),
                    top.config_file());
  ScheduleSpec out;
  out.mark = reader.mark();
  out.weekly_cut = reader.string("weekly_cut").value_or("none") == "sunday";
  if (const auto node = reader.node("submit"); node && node.IsMap()) {
    NodeReader r(node, kSubmitKeys, "schedule.submit", top.diagnostics(), top.config_file());
    SubmitSchedule submit;
    submit.mark = r.mark();
    const auto after = r.string("after_cut").value_or("first-working-day");
    for (std::size_t i = 0; i < kWorkingDays.size(); ++i) {
      if (kWorkingDays[i] == after) {
        submit.working_day = static_cast<int>(i) + 1;
      }
    }
    submit.at = read_time(r, submit.at).value_or(submit.at);
    out.submit = submit;
  }
  if (const auto node = reader.node("pulls"); node && node.IsMap()) {
    NodeReader r(node, kPullKeys, "schedule.pulls", top.diagnostics(), top.config_file());
    PullSchedule pulls;
    pulls.mark = r.mark();
    pulls.at = read_time(r, pulls.at).value_or(pulls.at);
    out.pulls = pulls;
  }
  if (const auto list = reader.node("bank_holidays"); list && list.IsSequence()) {
    read_dates(list, top.config_file(), "'bank_holidays' in schedule", top.diagnostics(),
               out.bank_holidays);
  }
  if (const auto path = reader.path("bank_holidays_file")) {
    read_holiday_file(reader, *path, out.bank_holidays);
  }
  return out;
}

}  // namespace atpipe::config::detail
