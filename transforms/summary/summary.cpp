#include "transforms/summary/summary.hpp"

#include <xlsxwriter.h>

#include <array>
#include <cstdio>
#include <map>

#include "transforms/outputs/csv_text.hpp"
#include "transforms/outputs/secure_file.hpp"

namespace atpipe::transforms {
namespace {

using core::Field;

// Length-of-stay bands in days (at-spec §3.3, from S22).
struct Band {
  const char* label;
  long max_days;  // inclusive upper bound
};
constexpr std::array<Band, 11> kLosBands = {{{"0-3 days", 3},
                                             {"4-7 days", 7},
                                             {"1-2 weeks", 14},
                                             {"2-4 weeks", 28},
                                             {"1-3 months", 91},
                                             {"3-6 months", 182},
                                             {"6-12 months", 365},
                                             {"1-2 years", 730},
                                             {"2-5 years", 1826},
                                             {"5-10 years", 3652},
                                             {"10 years and over", 1L << 30}}};

constexpr std::array<Band, 7> kAgeBands = {{{"Under 18", 17},
                                            {"18-24", 24},
                                            {"25-34", 34},
                                            {"35-44", 44},
                                            {"45-54", 54},
                                            {"55-64", 64},
                                            {"65 and over", 1L << 30}}};

std::string legal_status_group(const std::string& code) {
  static const std::map<std::string, std::string> kGroups = {{"01", "Informal"},
                                                             {"98", "Informal"},
                                                             {"99", "Informal"},
                                                             {"02", "Part 2"},
                                                             {"03", "Part 2"},
                                                             {"07", "Part 3 without restrictions"},
                                                             {"08", "Part 3 without restrictions"},
                                                             {"10", "Part 3 without restrictions"},
                                                             {"12", "Part 3 without restrictions"},
                                                             {"13", "Part 3 without restrictions"},
                                                             {"14", "Part 3 without restrictions"},
                                                             {"16", "Part 3 without restrictions"},
                                                             {"18", "Part 3 without restrictions"},
                                                             {"34", "Part 3 without restrictions"},
                                                             {"09", "Part 3 with restrictions"},
                                                             {"15", "Part 3 with restrictions"},
                                                             {"17", "Part 3 with restrictions"}};
  if (code.empty()) {
    return "Informal";
  }
  auto it = kGroups.find(code);
  return it == kGroups.end() ? "Other" : it->second;
}

long days_between(const core::Date& from, const core::Date& to) {
  return (date::sys_days{to} - date::sys_days{from}).count();
}

template <std::size_t N>
SummaryTable banded(const char* name, const char* title, const std::array<Band, N>& bands,
                    const std::vector<long>& values) {
  SummaryTable t{name, title, {}};
  for (const auto& b : bands) {
    t.rows.emplace_back(b.label, 0);
  }
  for (long v : values) {
    for (std::size_t i = 0; i < bands.size(); ++i) {
      if (v <= bands[i].max_days) {
        ++t.rows[i].second;
        break;
      }
    }
  }
  return t;
}

// Counts by a fixed list of labels first, then any other value seen, then "Not recorded".
SummaryTable coded(const char* name, const char* title,
                   const std::vector<std::pair<std::string, std::string>>& known,
                   const std::vector<std::string>& values) {
  SummaryTable t{name, title, {}};
  std::map<std::string, std::size_t> counts;
  for (const auto& v : values) {
    ++counts[v];
  }
  for (const auto& [code, label] : known) {
    t.rows.emplace_back(label, counts[code]);
    counts.erase(code);
  }
  std::size_t missing = counts.count("") ? counts[""] : 0;
  counts.erase("");
  for (const auto& [code, n] : counts) {
    t.rows.emplace_back(code, n);
  }
  if (missing > 0) {
    t.rows.emplace_back("Not recorded", missing);
  }
  return t;
}

}  // namespace

std::vector<SummaryTable> summarise(const std::vector<const MergedPatient*>& in_return,
                                    const Period& period) {
  std::size_t at_cut = 0;
  std::size_t admissions = 0;
  std::size_t discharges = 0;
  std::size_t carried = 0;
  std::vector<long> los;
  std::vector<long> ages;
  std::vector<std::string> security;
  std::vector<std::string> legal;
  std::vector<std::string> gender;
  std::vector<std::string> category;
  std::vector<std::string> provider;
  for (const auto* p : in_return) {
    const auto& r = p->record;
    auto admitted = core::parse_iso(r.get(Field::AdmissionDate));
    auto m = membership(r, period);
    if (admitted && *admitted >= period.start) {
      ++admissions;
    }
    if (m == Membership::DischargedInPeriod) {
      ++discharges;
      continue;
    }
    if (m != Membership::InpatientAtCut) {
      continue;
    }
    ++at_cut;
    if (admitted && *admitted < period.start) {
      ++carried;
    }
    if (admitted) {
      los.push_back(days_between(*admitted, period.cut));
    }
    if (auto dob = core::parse_iso(r.get(Field::DateOfBirth))) {
      ages.push_back(core::age_on(*dob, period.cut));
    }
    security.push_back(r.get(Field::WardSecurity));
    legal.push_back(legal_status_group(r.get(Field::MhaLegalStatus)));
    gender.push_back(r.get(Field::GenderIdentity));
    category.push_back(r.get(Field::LdaCategory));
    provider.push_back(r.get(Field::ProviderCode));
  }
  std::vector<SummaryTable> out;
  out.push_back({"headline",
                 "Inpatients and movements in " + period.label,
                 {{"Inpatients at the cut", at_cut},
                  {"of whom in hospital since before the month", carried},
                  {"Admissions in the month", admissions},
                  {"Discharges in the month", discharges}}});
  out.push_back(banded("length_of_stay", "Length of stay at the cut (inpatients)", kLosBands, los));
  out.push_back(banded("age", "Age at the cut (inpatients)", kAgeBands, ages));
  out.push_back(coded("ward_security", "Ward security (inpatients)",
                      {{"0", "General (non-secure)"},
                       {"1", "Low secure"},
                       {"2", "Medium secure"},
                       {"3", "High secure"},
                       {"4", "PICU"}},
                      security));
  out.push_back(coded("legal_status", "Mental Health Act status group (inpatients)",
                      {{"Informal", "Informal"},
                       {"Part 2", "Part 2"},
                       {"Part 3 without restrictions", "Part 3 without restrictions"},
                       {"Part 3 with restrictions", "Part 3 with restrictions"},
                       {"Other", "Other"}},
                      legal));
  out.push_back(coded("gender", "Gender identity (inpatients)",
                      {{"1", "Male"},
                       {"2", "Female"},
                       {"3", "Non-binary"},
                       {"4", "Other"},
                       {"Z", "Not stated"},
                       {"X", "Not known"}},
                      gender));
  out.push_back(coded("category", "Learning disability / autism (inpatients)",
                      {{"1", "Learning disability only"},
                       {"2", "Learning disability and autism"},
                       {"3", "Autism only"}},
                      category));
  out.push_back(coded("provider", "Provider (inpatients)", {}, provider));
  return out;
}

std::string render_summary_csv(const std::vector<SummaryTable>& tables, const Period& period) {
  CsvText csv;
  csv.row({"Period", "Table", "Category", "Count"});
  for (const auto& t : tables) {
    for (const auto& [label, n] : t.rows) {
      csv.row({period.label, t.name, label, std::to_string(n)});
    }
  }
  return csv.str();
}

core::Expected<void> write_summary_xlsx(const std::filesystem::path& path,
                                        const std::vector<SummaryTable>& tables,
                                        const Period& period, const std::string& title) {
  auto tmp = temp_beside(path);
  lxw_workbook* book = workbook_new(tmp.c_str());
  if (book == nullptr) {
    return core::fail(core::ErrorCode::Io, "cannot create workbook",
                      core::Provenance{"", path.string(), 0, ""});
  }
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  for (const auto& t : tables) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, t.name.c_str());
    worksheet_set_column(sheet, 0, 0, 48, nullptr);
    worksheet_set_column(sheet, 1, 1, 10, nullptr);
    worksheet_write_string(sheet, 0, 0, (title + ": " + t.title).c_str(), bold);
    worksheet_write_string(sheet, 1, 0,
                           ("Period " + period.label + ", cut " + core::to_iso(period.cut)).c_str(),
                           nullptr);
    worksheet_write_string(sheet, 3, 0, "Category", bold);
    worksheet_write_string(sheet, 3, 1, "Count", bold);
    lxw_row_t row = 4;
    for (const auto& [label, n] : t.rows) {
      worksheet_write_string(sheet, row, 0, label.c_str(), nullptr);
      worksheet_write_number(sheet, row, 1, static_cast<double>(n), nullptr);
      ++row;
    }
  }
  if (workbook_close(book) != LXW_NO_ERROR) {
    std::remove(tmp.c_str());
    return core::fail(core::ErrorCode::Io, "cannot write workbook",
                      core::Provenance{"", path.string(), 0, ""});
  }
  return commit_temp(tmp, path);
}

}  // namespace atpipe::transforms
