// Peace operations (alliances.hpp: PeaceOperation, ReferenceData): peace_operations.csv with their
// headquarters and strengths over time, and ReferenceData::load of the whole domain folder.
#include "alliances.hpp"
#include "error.hpp"
#include "reference_csv.hpp"

#include <cpl_vsi.h>

#include <algorithm>

namespace entente::geo {

using namespace csv;

// ---- peace operations
// ----------------------------------------------------------------------------------------

Holds PeaceOperation::on(Date d) const {
    return span_on(start, end, d);
}

const OperationHq* PeaceOperation::hq_on(Date d) const {
    if (hqs.empty()) return nullptr;
    for (const auto& h : hqs)
        if (span_on(h.from, h.to, d) != Holds::No) return &h;
    // Outside every row's span: the first before the operation's start, else the last one.
    return d < (hqs.front().from ? hqs.front().from->first : start.first) ? &hqs.front() : &hqs.back();
}

const StrengthFigure* PeaceOperation::strength_on(Date d) const {
    const StrengthFigure* best = nullptr;
    for (const auto& f : strength) {
        if (d < f.date.first) break;
        if (!best || best->date.first < f.date.first || f.kind == "deployed") best = &f;
    }
    return best;
}

namespace {

// Calls `add(row, operation)` for each usable row of a table tied to peace_operations.csv by `acronym`; rows
// with a problem or an unknown acronym become warnings, and so does the reason `add` returns.
template <class Add>
void for_each_operation_row(const CsvTable& t, std::vector<PeaceOperation>& ops,
                            std::vector<std::string>& warnings, Add add) {
    const int c_acr = t.col("acronym");
    for (const auto& r : t.rows) {
        if (!r.problem.empty()) {
            warnings.push_back(t.warn(r, r.problem));
            continue;
        }
        const std::string acr = CsvTable::get(r, c_acr);
        auto op = std::find_if(ops.begin(), ops.end(), [&](auto& o) { return o.acronym == acr; });
        const std::string why =
            op == ops.end() ? "acronym '" + acr + "' is not in peace_operations.csv" : add(r, *op);
        if (!why.empty()) warnings.push_back(t.warn(r, why));
    }
}

void load_hqs(const std::string& path, std::vector<PeaceOperation>& ops, std::vector<std::string>& warnings) {
    const CsvTable t = read_csv(path, {"acronym", "city", "lat", "lon"});
    const int c_city = t.col("city"), c_lat = t.col("lat"), c_lon = t.col("lon"), c_from = t.col("from"),
              c_to = t.col("to"), c_source = t.col("source");
    for_each_operation_row(t, ops, warnings, [&](const CsvRow& r, PeaceOperation& op) {
        OperationHq h;
        h.row = r.row;
        h.city = CsvTable::get(r, c_city);
        h.source = CsvTable::get(r, c_source);
        std::string why;
        if (!parse_coordinate("lat", CsvTable::get(r, c_lat), 90, h.at.lat, why) ||
            !parse_coordinate("lon", CsvTable::get(r, c_lon), 180, h.at.lon, why) ||
            !optional_date("from", CsvTable::get(r, c_from), h.from, why) ||
            !optional_date("to", CsvTable::get(r, c_to), h.to, why))
            return why;
        op.hqs.push_back(std::move(h));
        return std::string();
    });
    for (auto& op : ops)
        std::stable_sort(op.hqs.begin(), op.hqs.end(), [](const OperationHq& a, const OperationHq& b) {
            return (a.from ? a.from->first : Date{1, 1, 1}) < (b.from ? b.from->first : Date{1, 1, 1});
        });
}

void load_strength(const std::string& path, std::vector<PeaceOperation>& ops,
                   std::vector<std::string>& warnings) {
    const CsvTable t = read_csv(path, {"acronym", "date", "personnel"});
    const int c_date = t.col("date"), c_pers = t.col("personnel"), c_kind = t.col("kind"),
              c_source = t.col("source"), c_note = t.col("note");
    for_each_operation_row(t, ops, warnings, [&](const CsvRow& r, PeaceOperation& op) {
        StrengthFigure f;
        f.row = r.row;
        const std::string date = CsvTable::get(r, c_date), pers = CsvTable::get(r, c_pers);
        const auto d = TableDate::parse(date);
        if (!d) return "date '" + date + "'" + kDateForm;
        f.date = *d;
        const auto n = parse_count(pers);
        if (!n) return "personnel '" + pers + "' is not a whole number of people";
        f.personnel = *n;
        f.kind = lower(CsvTable::get(r, c_kind));
        if (f.kind.empty()) f.kind = "deployed";
        if (f.kind != "deployed" && f.kind != "authorized")
            return "kind '" + f.kind + "' is not deployed or authorized";
        f.source = CsvTable::get(r, c_source);
        f.note = CsvTable::get(r, c_note);
        op.strength.push_back(std::move(f));
        return std::string();
    });
    for (auto& op : ops)
        std::stable_sort(
            op.strength.begin(), op.strength.end(),
            [](const StrengthFigure& a, const StrengthFigure& b) { return a.date.first < b.date.first; });
}

} // namespace

std::vector<PeaceOperation> load_peace_operations(const std::string& csv, const std::string& countries_csv,
                                                  std::vector<std::string>& warnings,
                                                  const std::string& hqs_csv,
                                                  const std::string& strength_csv) {
    const CountryList countries = load_countries(countries_csv, warnings);
    const CsvTable t = read_csv(csv, {"acronym", "lead_org", "host_iso3", "start"});
    const int c_acr = t.col("acronym"), c_name = t.col("name"), c_lead = t.col("lead_org"),
              c_host = t.col("host_iso3"), c_start = t.col("start"), c_end = t.col("end"),
              c_sbasis = t.col("start_basis"), c_ebasis = t.col("end_basis"), c_pred = t.col("predecessor"),
              c_succ = t.col("successor"), c_source = t.col("source"), c_note = t.col("note"),
              c_city = t.col("hq_city"), c_lat = t.col("hq_lat"), c_lon = t.col("hq_lon");

    std::vector<PeaceOperation> ops;
    for (const auto& r : t.rows) {
        if (!r.problem.empty()) {
            warnings.push_back(t.warn(r, r.problem));
            continue;
        }
        PeaceOperation op;
        op.row = r.row;
        op.acronym = CsvTable::get(r, c_acr);
        op.name = CsvTable::get(r, c_name);
        op.lead_org = CsvTable::get(r, c_lead);
        op.lead_orgs = split_list(op.lead_org);
        op.source = CsvTable::get(r, c_source);
        op.note = CsvTable::get(r, c_note);
        op.start_basis = CsvTable::get(r, c_sbasis);
        op.end_basis = CsvTable::get(r, c_ebasis);
        op.predecessors = split_list(CsvTable::get(r, c_pred));
        op.successors = split_list(CsvTable::get(r, c_succ));
        const std::string host = CsvTable::get(r, c_host), start = CsvTable::get(r, c_start),
                          end = CsvTable::get(r, c_end);
        if (op.acronym.empty()) {
            warnings.push_back(t.warn(r, "acronym is empty"));
            continue;
        }
        if (std::any_of(ops.begin(), ops.end(), [&](auto& o) { return o.acronym == op.acronym; })) {
            warnings.push_back(t.warn(r, "acronym '" + op.acronym + "' appears twice; this row is ignored"));
            continue;
        }
        if (op.lead_orgs.empty()) {
            warnings.push_back(t.warn(r, "lead_org is empty"));
            continue;
        }
        op.host_iso3 = split_list(host); // empty: at sea, or no host state
        const auto bad_host = std::find_if(op.host_iso3.begin(), op.host_iso3.end(),
                                           [&](const std::string& c) { return !find_country(countries, c); });
        if (bad_host != op.host_iso3.end()) {
            warnings.push_back(t.warn(r, "host_iso3 '" + *bad_host + "' is not an ISO 3166-1 alpha-3 code"));
            continue;
        }
        const auto sd = TableDate::parse(start);
        if (!sd) {
            warnings.push_back(t.warn(r, "start '" + start + "'" + kDateForm));
            continue;
        }
        op.start = *sd;
        std::string why;
        if (!optional_date("end", end, op.end, why)) {
            warnings.push_back(t.warn(r, why));
            continue;
        }
        if (op.end && !(op.start.first < op.end->first)) {
            warnings.push_back(t.warn(r, "end '" + end + "' is not after start '" + start + "'"));
            continue;
        }
        // An HQ given in the row itself (a quick way to add an operation without the HQ table).
        const std::string lat = CsvTable::get(r, c_lat), lon = CsvTable::get(r, c_lon);
        if (!lat.empty() || !lon.empty()) {
            OperationHq h;
            h.city = CsvTable::get(r, c_city);
            h.source = op.source;
            h.row = r.row;
            if (!parse_coordinate("hq_lat", lat, 90, h.at.lat, why) ||
                !parse_coordinate("hq_lon", lon, 180, h.at.lon, why)) {
                warnings.push_back(t.warn(r, why));
                continue;
            }
            op.hqs.push_back(std::move(h));
        }
        ops.push_back(std::move(op));
    }
    if (!hqs_csv.empty()) load_hqs(hqs_csv, ops, warnings);
    if (!strength_csv.empty()) load_strength(strength_csv, ops, warnings);
    for (const auto& op : ops) {
        if (op.hqs.empty())
            warnings.push_back(
                basename(csv) + ": row " + std::to_string(op.row) + ": " + op.acronym +
                " has no headquarters (add a row to peace_operation_hqs.csv); it is not drawn");
        for (const auto* links : {&op.predecessors, &op.successors})
            for (const auto& l : *links)
                if (std::none_of(ops.begin(), ops.end(), [&](auto& o) { return o.acronym == l; }))
                    warnings.push_back(basename(csv) + ": row " + std::to_string(op.row) + ": " +
                                       (links == &op.predecessors ? "predecessor '" : "successor '") + l +
                                       "' is not in the table");
    }
    return ops;
}

std::vector<const PeaceOperation*> active_operations(const std::vector<PeaceOperation>& ops, Date d) {
    std::vector<const PeaceOperation*> out;
    for (const auto& op : ops)
        if (op.active_on(d)) out.push_back(&op);
    return out;
}

std::shared_ptr<ReferenceData> ReferenceData::load(const std::string& dir) {
    auto d = std::make_shared<ReferenceData>();
    d->memberships =
        MembershipTable::load(dir + "/memberships.csv", dir + "/organisations.csv", dir + "/countries.csv");
    d->warnings = d->memberships.warnings();
    const auto optional = [](const std::string& path) {
        VSIStatBufL st;
        return VSIStatL(path.c_str(), &st) == 0 ? path : std::string();
    };
    d->operations = load_peace_operations(dir + "/peace_operations.csv", dir + "/countries.csv", d->warnings,
                                          optional(dir + "/peace_operation_hqs.csv"),
                                          optional(dir + "/peace_operation_strength.csv"));
    return d;
}

const PeaceOperation* ReferenceData::operation(std::string_view acronym) const {
    for (const auto& op : operations)
        if (iequals(op.acronym, acronym)) return &op;
    return nullptr;
}

} // namespace entente::geo
