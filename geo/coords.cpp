#include "geo/coords.hpp"

#include "geo/projection.hpp"

#include <GeographicLib/Constants.hpp>
#include <GeographicLib/MGRS.hpp>
#include <GeographicLib/UTMUPS.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <vector>

namespace entente::geo {

namespace {

using GeographicLib::GeographicErr;
using GeographicLib::MGRS;
using GeographicLib::UTMUPS;

constexpr std::string_view kBands = "CDEFGHJKLMNPQRSTUVWX"; // UTM latitude bands, 8° each from 80°S (X: 12°)

bool fail(std::string* error, std::string reason) {
    if (error) *error = std::move(reason);
    return false;
}

std::string not_a_coordinate(std::string_view text) {
    return "'" + std::string(text) +
           "' is not a coordinate: expected decimal degrees (lat, lon), DMS, MGRS or UTM";
}

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

std::vector<std::string> split_words(std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == ';') {
            if (!cur.empty()) out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A plain non-negative number of metres, optionally followed by "m", "mE" or "mN".
std::optional<double> parse_metres(std::string s) {
    std::string u = upper(s);
    for (std::string_view suffix : {"ME", "MN", "M"})
        if (u.size() > suffix.size() && u.ends_with(suffix)) {
            s.resize(s.size() - suffix.size());
            break;
        }
    double v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v) || v < 0) return std::nullopt;
    return v;
}

// ---- UTM / UPS
// ---------------------------------------------------------------------------------------------

// Returns true when `words` has the shape of a UTM/UPS reference (then *out or *error is set).
bool try_utm(const std::vector<std::string>& words, LonLat* out, std::string* error, bool* ok) {
    int zone = -1;
    std::string letter;
    size_t first_number = 0;
    if (words.size() == 3 && words[0].size() >= 2 && words[0].size() <= 3 &&
        all_digits(std::string_view(words[0]).substr(0, words[0].size() - 1)) &&
        std::isalpha(static_cast<unsigned char>(words[0].back()))) {
        zone = std::stoi(words[0].substr(0, words[0].size() - 1));
        letter = words[0].substr(words[0].size() - 1);
        first_number = 1;
    } else if (words.size() == 4 && words[0].size() <= 2 && all_digits(words[0]) &&
               (words[1].size() == 1 || upper(words[1]) == "NORTH" || upper(words[1]) == "SOUTH") &&
               std::isalpha(static_cast<unsigned char>(words[1][0]))) {
        zone = std::stoi(words[0]);
        letter = words[1];
        first_number = 2;
    } else if (words.size() == 4 && upper(words[0]) == "UPS") {
        zone = UTMUPS::UPS;
        letter = words[1];
        first_number = 2;
    } else {
        return false;
    }
    const auto easting = parse_metres(words[first_number]);
    const auto northing = parse_metres(words[first_number + 1]);
    if (!easting || !northing) return false; // "33 S 151 E" is degrees
    // The shape fits; everything below is a reason why this UTM reference is wrong.
    *ok = false;
    if (zone < 0 || zone > 60) {
        if (error) *error = "UTM zone " + std::to_string(zone) + " is outside 1..60";
        return true;
    }

    const std::string U = upper(letter);
    bool northp = true;
    char band = 0; // a latitude band to check against the northing
    bool s_ambiguous = false;
    if (U == "NORTH" || U == "SOUTH") {
        northp = U == "NORTH";
    } else if (zone == UTMUPS::UPS) {
        if (U != "N" && U != "S") {
            if (error) *error = "UPS needs the hemisphere N or S, not '" + letter + "'";
            return true;
        }
        northp = U == "N";
    } else if (letter == "n" || letter == "s") {
        northp = letter == "n"; // GeographicLib's style: a lowercase letter is the hemisphere
    } else if (U == "N") {
        northp = true; // band N and the northern hemisphere agree
    } else if (U == "S") {
        s_ambiguous = true; // band S (32..40°N) if the northing fits there, else the southern hemisphere
    } else if (U.size() == 1 && kBands.find(U[0]) != std::string_view::npos) {
        band = U[0];
        northp = band >= 'N';
    } else {
        if (error)
            *error = "'" + letter + "' after UTM zone " + std::to_string(zone) +
                     " is neither a latitude band (C..X without I and O) nor a hemisphere (N, S)";
        return true;
    }

    auto band_range = [](char b, double& lo, double& hi) {
        const auto i = double(kBands.find(b));
        lo = -80 + 8 * i;
        hi = b == 'X' ? 84 : lo + 8;
    };
    constexpr double kBandSlack = 0.5; // degrees: rounding and hand-typed references near a band edge

    double lat = 0, lon = 0;
    try {
        if (s_ambiguous) {
            northp = true;
            bool in_band_s = false;
            try {
                UTMUPS::Reverse(zone, true, *easting, *northing, lat, lon);
                double lo = 0, hi = 0;
                band_range('S', lo, hi);
                in_band_s = lat >= lo - kBandSlack && lat <= hi + kBandSlack;
            } catch (const GeographicErr&) {
            }
            if (!in_band_s) northp = false;
        }
        UTMUPS::Reverse(zone, northp, *easting, *northing, lat, lon);
    } catch (const GeographicErr& e) {
        if (error) *error = std::string(zone == UTMUPS::UPS ? "UPS: " : "UTM: ") + e.what();
        return true;
    }
    if (band) {
        double lo = 0, hi = 0;
        band_range(band, lo, hi);
        if (lat < lo - kBandSlack || lat > hi + kBandSlack) {
            if (error)
                *error = "UTM northing " + words[first_number + 1] + " lies at latitude " + num(lat) +
                         ", outside band " + std::string(1, band) + " (" + num(lo) + ".." + num(hi) + ")";
            return true;
        }
    }
    *out = {lon, lat};
    *ok = true;
    return true;
}

// ---- MGRS
// --------------------------------------------------------------------------------------------------

bool looks_like_mgrs(const std::string& s) {
    size_t i = 0;
    while (i < s.size() && i < 2 && std::isdigit(static_cast<unsigned char>(s[i])))
        ++i;
    if (i == 0) {
        if (s.empty() || std::string_view("ABYZ").find(s[0]) == std::string_view::npos) return false;
        i = 1; // UPS: the band letter, no zone
    } else {
        if (i >= s.size() || !std::isalpha(static_cast<unsigned char>(s[i]))) return false;
        ++i;
    }
    if (i + 2 > s.size() || !std::isalpha(static_cast<unsigned char>(s[i])) ||
        !std::isalpha(static_cast<unsigned char>(s[i + 1])))
        return false;
    return all_digits(std::string_view(s).substr(i + 2)) || i + 2 == s.size();
}

// ---- decimal degrees and DMS
// -------------------------------------------------------------------------------

enum class Tok { Number, Deg, Min, Sec, Hemi, Sep };

struct Token {
    Tok kind;
    double value = 0; // Number: absolute value
    bool negative = false, signed_ = false, fraction = false, after_colon = false;
    char hemi = 0; // Hemi: N, S, E or W
};

// Splits the text into tokens; false when a character belongs to no coordinate form.
bool lex(std::string_view s, std::vector<Token>& toks) {
    bool letter_minutes = false; // an 'm' minutes marker in the current value: a following "s" is seconds
    bool pending_colon = false;
    size_t i = 0;
    auto starts = [&](std::string_view what) { return s.substr(i).starts_with(what); };
    auto prev_is_number_adjacent = [&](size_t at) {
        return at > 0 && !toks.empty() && toks.back().kind == Tok::Number &&
               (std::isdigit(static_cast<unsigned char>(s[at - 1])) || s[at - 1] == '.');
    };
    while (i < s.size()) {
        const char c = s[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
            continue;
        }
        bool neg = false, sign = false;
        size_t j = i;
        if (c == '+' || c == '-') {
            sign = true;
            neg = c == '-';
            j = i + 1;
        } else if (starts("\xE2\x88\x92")) { // U+2212 minus sign
            sign = neg = true;
            j = i + 3;
        }
        if (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.')) {
            size_t k = j;
            while (k < s.size() && (std::isdigit(static_cast<unsigned char>(s[k])) || s[k] == '.'))
                ++k;
            // A lowercase exponent ("1e308", "4.5e-1", as programs print numbers) belongs to the number; an
            // uppercase E stays a hemisphere ("12E").
            if (k + 1 < s.size() && s[k] == 'e') {
                size_t m = k + 1 + (s[k + 1] == '+' || s[k + 1] == '-');
                if (m < s.size() && std::isdigit(static_cast<unsigned char>(s[m]))) {
                    while (m < s.size() && std::isdigit(static_cast<unsigned char>(s[m])))
                        ++m;
                    k = m;
                }
            }
            Token t{Tok::Number};
            auto [p, ec] = std::from_chars(s.data() + j, s.data() + k, t.value);
            // Too large for a double: infinite, so the range check names it rather than calling it no number.
            if (ec == std::errc::result_out_of_range && p == s.data() + k)
                t.value = s.substr(j, k - j).find("e-") == std::string_view::npos ? HUGE_VAL : 0.0;
            else if (ec != std::errc() || p != s.data() + k)
                return false;
            t.negative = neg;
            t.signed_ = sign;
            // A fraction or an exponent: a decimal value, the last number of its coordinate.
            t.fraction = s.substr(j, k - j).find_first_of(".e") != std::string_view::npos;
            t.after_colon = pending_colon;
            pending_colon = false;
            toks.push_back(t);
            i = k;
            continue;
        }
        if (sign) return false;
        if (c == ':') {
            if (toks.empty() || toks.back().kind != Tok::Number) return false;
            pending_colon = true;
            ++i;
            continue;
        }
        if (c == ',' || c == ';') {
            toks.push_back({Tok::Sep});
            letter_minutes = false;
            ++i;
            continue;
        }
        if (starts("\xC2\xB0") || starts("\xC2\xBA") || starts("\xCB\x9A")) { // ° º ˚
            toks.push_back({Tok::Deg});
            i += 2;
            continue;
        }
        if (c == 'd' || c == 'D') {
            toks.push_back({Tok::Deg});
            ++i;
            continue;
        }
        if (starts("''") || c == '"' || starts("\xE2\x80\xB3") || starts("\xE2\x80\x9D")) { // '' " ″ ”
            toks.push_back({Tok::Sec});
            i += c == '"' ? 1 : 2 + (c != '\'');
            continue;
        }
        if (c == '\'' || starts("\xE2\x80\xB2") || starts("\xE2\x80\x99")) { // ' ′ ’
            toks.push_back({Tok::Min});
            i += c == '\'' ? 1 : 3;
            continue;
        }
        if (c == 'm' || c == 'M') {
            toks.push_back({Tok::Min});
            letter_minutes = true;
            ++i;
            continue;
        }
        if ((c == 's' || c == 'S') && letter_minutes && prev_is_number_adjacent(i)) {
            // "24.5s": seconds after "51m". An uppercase S is seconds only when a hemisphere letter follows.
            bool seconds = c == 's';
            if (!seconds) {
                size_t k = i + 1;
                while (k < s.size() && std::isspace(static_cast<unsigned char>(s[k])))
                    ++k;
                seconds = k < s.size() && std::string_view("NSEWnsew").find(s[k]) != std::string_view::npos;
            }
            if (seconds) {
                toks.push_back({Tok::Sec});
                ++i;
                continue;
            }
        }
        const char u = char(std::toupper(static_cast<unsigned char>(c)));
        if (u == 'N' || u == 'S' || u == 'E' || u == 'W') {
            // A whole word ("North") is not accepted, only the letter.
            if (i + 1 < s.size() && std::isalpha(static_cast<unsigned char>(s[i + 1]))) return false;
            Token t{Tok::Hemi};
            t.hemi = u;
            toks.push_back(t);
            letter_minutes = false;
            ++i;
            continue;
        }
        return false;
    }
    return !pending_colon;
}

struct Part {
    double value;
    bool negative, signed_, fraction;
    int marker; // -1 none, 0 degrees, 1 minutes, 2 seconds
};

struct Component {
    std::vector<Part> parts;
    char hemi = 0;
    bool colons = false;
    bool empty() const { return parts.empty() && !hemi; }
};

// Turns one component into signed degrees.
bool component_degrees(const Component& c, double& out, std::string* error) {
    if (c.parts.empty()) return fail(error, "hemisphere letter " + std::string(1, c.hemi) + " has no value");
    double v = 0;
    int pos = -1;
    static const char* names[] = {"degrees", "minutes", "seconds"};
    for (size_t i = 0; i < c.parts.size(); ++i) {
        const Part& p = c.parts[i];
        const int at = p.marker >= 0 ? p.marker : pos + 1;
        if (at <= pos || at > 2)
            return fail(error, "degrees, minutes and seconds out of order or too many numbers");
        if (p.fraction && i + 1 < c.parts.size())
            return fail(error, "only the last of degrees, minutes and seconds may have a fraction (" +
                                   num(p.value) + " " + names[at] + ")");
        if (i > 0 && p.signed_)
            return fail(error, "a sign belongs before the degrees, not the " + std::string(names[at]));
        if (at > 0 && p.value >= 60)
            return fail(error, std::string(names[at]) + " " + num(p.value) + " must be below 60");
        v += p.value / (at == 0 ? 1 : at == 1 ? 60 : 3600);
        pos = at;
    }
    const bool neg = c.parts[0].negative;
    if (c.hemi && c.parts[0].signed_)
        return fail(error, "a value has both a sign and the hemisphere letter " + std::string(1, c.hemi));
    out = (neg || c.hemi == 'S' || c.hemi == 'W') ? -v : v;
    return true;
}

// split_at_60: a number of 60 or more after another starts a new value ("33 51' 151 12'"); off, such a
// number is reported as minutes or seconds out of range.
bool parse_latlon_once(std::string_view text, LonLat* out, std::string* error, bool split_at_60) {
    std::vector<Token> toks;
    if (!lex(text, toks)) return fail(error, not_a_coordinate(text));

    std::vector<Component> comps;
    const bool plain = std::none_of(toks.begin(), toks.end(),
                                    [](const Token& t) { return t.kind != Tok::Number || t.after_colon; });
    if (plain) {
        // Only numbers: "lat lon", "d m d m" or "d m s d m s".
        const size_t n = toks.size();
        if (n != 2 && n != 4 && n != 6)
            return fail(error, n == 0 ? not_a_coordinate(text)
                                      : "'" + std::string(text) + "' has " + std::to_string(n) +
                                            (n == 1 ? " number" : " numbers") +
                                            ": expected a latitude and a longitude");
        comps.resize(2);
        for (size_t i = 0; i < n; ++i) {
            const Token& t = toks[i];
            comps[i < n / 2 ? 0 : 1].parts.push_back({t.value, t.negative, t.signed_, t.fraction, -1});
        }
    } else {
        bool prefix_style = false, style_known = false;
        Component cur;
        auto close = [&]() -> bool {
            if (cur.empty()) return true;
            if (cur.parts.empty()) {
                // A hemisphere letter left alone ("N33.8 151.2E" read in prefix style): it belongs to the
                // value before it when that has none.
                if (comps.empty() || comps.back().hemi) return false;
                comps.back().hemi = cur.hemi;
            } else {
                comps.push_back(std::move(cur));
            }
            cur = Component{};
            return true;
        };
        for (size_t i = 0; i < toks.size(); ++i) {
            const Token& t = toks[i];
            switch (t.kind) {
            case Tok::Sep:
                if (!close()) return fail(error, not_a_coordinate(text));
                break;
            case Tok::Hemi:
                if (!style_known) {
                    prefix_style = cur.parts.empty();
                    style_known = true;
                }
                if (prefix_style) {
                    if (!close()) return fail(error, not_a_coordinate(text));
                    cur.hemi = t.hemi;
                } else {
                    if (cur.hemi) return fail(error, not_a_coordinate(text));
                    cur.hemi = t.hemi;
                    if (!close()) return fail(error, not_a_coordinate(text));
                }
                break;
            case Tok::Number: {
                const bool next_is_deg = i + 1 < toks.size() && toks[i + 1].kind == Tok::Deg;
                if (!cur.parts.empty()) {
                    const Part& last = cur.parts.back();
                    int last_pos = -1;
                    for (const Part& p : cur.parts)
                        last_pos = p.marker >= 0 ? p.marker : last_pos + 1;
                    // Minutes and seconds are below 60, only the last number of a value has a fraction.
                    const bool new_value = last.fraction || last_pos >= 2 || next_is_deg || t.signed_ ||
                                           (split_at_60 && t.value >= 60) || (cur.colons && !t.after_colon);
                    if (new_value && !close()) return fail(error, not_a_coordinate(text));
                }
                if (t.after_colon) cur.colons = true;
                cur.parts.push_back({t.value, t.negative, t.signed_, t.fraction, -1});
                break;
            }
            case Tok::Deg:
            case Tok::Min:
            case Tok::Sec:
                if (cur.parts.empty() || cur.parts.back().marker >= 0)
                    return fail(error, not_a_coordinate(text));
                cur.parts.back().marker = t.kind == Tok::Deg ? 0 : t.kind == Tok::Min ? 1 : 2;
                break;
            }
        }
        if (!close()) return fail(error, not_a_coordinate(text));
    }
    if (comps.size() != 2)
        return fail(error, "'" + std::string(text) + "' has " + std::to_string(comps.size()) +
                               (comps.size() == 1 ? " value" : " values") +
                               ": expected a latitude and a longitude");

    auto is_lat = [](char h) { return h == 'N' || h == 'S'; };
    auto is_lon = [](char h) { return h == 'E' || h == 'W'; };
    const char h0 = comps[0].hemi, h1 = comps[1].hemi;
    if (is_lat(h0) && is_lat(h1))
        return fail(error, "both values are latitudes (N/S): expected one latitude and one longitude");
    if (is_lon(h0) && is_lon(h1))
        return fail(error, "both values are longitudes (E/W): expected one latitude and one longitude");
    const bool swapped = is_lon(h0) || is_lat(h1);

    double a = 0, b = 0;
    if (!component_degrees(comps[0], a, error) || !component_degrees(comps[1], b, error)) return false;
    const double lat = swapped ? b : a, lon = swapped ? a : b;
    if (!(lat >= -90 && lat <= 90)) return fail(error, "latitude " + num(lat) + " is outside -90..90");
    if (!(lon >= -180 && lon <= 180)) return fail(error, "longitude " + num(lon) + " is outside -180..180");
    *out = {lon, lat};
    return true;
}

bool parse_latlon(std::string_view text, LonLat* out, std::string* error) {
    if (parse_latlon_once(text, out, error, false)) return true;
    return parse_latlon_once(text, out, nullptr, true);
}

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (s.starts_with('-') && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1); // "-0.00000"
    return s;
}

} // namespace

std::optional<LonLat> parse_coordinate(std::string_view text, std::string* error) {
    text = trim(text);
    if (text.empty()) {
        fail(error, "empty coordinate: expected decimal degrees (lat, lon), DMS, MGRS or UTM");
        return std::nullopt;
    }
    LonLat p;
    const auto words = split_words(text);
    bool ok = false;
    std::string utm_error;
    if (try_utm(words, &p, &utm_error, &ok)) {
        if (ok) return p;
        // "12 N 45 30" has the shape of UTM but reads as degrees (12°N, 45°30'E); otherwise say what was
        // wrong with it as UTM.
        if (parse_latlon(text, &p, nullptr)) return p;
        fail(error, utm_error);
        return std::nullopt;
    }

    std::string joined;
    for (const auto& w : words)
        joined += upper(w);
    if (looks_like_mgrs(joined)) {
        try {
            int zone = 0, prec = 0;
            bool northp = false;
            double x = 0, y = 0, lat = 0, lon = 0;
            MGRS::Reverse(joined, zone, northp, x, y, prec, true);
            UTMUPS::Reverse(zone, northp, x, y, lat, lon);
            return LonLat{lon, lat};
        } catch (const GeographicErr& e) {
            fail(error, std::string("MGRS: ") + e.what());
            return std::nullopt;
        }
    }
    if (parse_latlon(text, &p, error)) return p;
    return std::nullopt;
}

std::string format_coordinate(LonLat p, CoordFormat f, int precision) {
    if (!std::isfinite(p.lon) || !std::isfinite(p.lat) || p.lat < -90 || p.lat > 90 || p.lon < -180 ||
        p.lon > 180)
        throw std::invalid_argument("not a longitude/latitude: " + num(p.lon) + ", " + num(p.lat));
    switch (f) {
    case CoordFormat::LatLon: {
        const int d = std::clamp(precision, 0, 12);
        return fixed(p.lat, d) + ", " + fixed(p.lon, d);
    }
    case CoordFormat::DMS:
        return format_dms(p.lat, true) + " " + format_dms(p.lon, false);
    case CoordFormat::MGRS: {
        int zone = 0;
        bool northp = false;
        double x = 0, y = 0;
        UTMUPS::Forward(p.lat, p.lon, zone, northp, x, y);
        std::string m;
        const int prec = std::clamp(precision, 0, 11);
        MGRS::Forward(zone, northp, x, y, p.lat, prec, m);
        // "56HLH3490052288" -> "56H LH 34900 52288"; "ZAH0000000000" -> "Z AH 00000 00000".
        const size_t gzd = zone == UTMUPS::UPS ? 1 : m.size() - 2 * size_t(prec) - 2;
        std::string out = m.substr(0, gzd) + " " + m.substr(gzd, 2);
        if (prec > 0) out += " " + m.substr(gzd + 2, size_t(prec)) + " " + m.substr(gzd + 2 + size_t(prec));
        return out;
    }
    case CoordFormat::UTM: {
        int zone = 0;
        bool northp = false;
        double x = 0, y = 0;
        // -0 and tiny negative latitudes are southern to GeographicLib (northing 10000 km) but round into a
        // northern band: the band letter follows the hemisphere GeographicLib chose, so the text parses back.
        UTMUPS::Forward(p.lat, p.lon, zone, northp, x, y);
        const std::string en = " " + std::to_string(std::llround(x)) + " " + std::to_string(std::llround(y));
        if (zone == UTMUPS::UPS) return std::string("UPS ") + (northp ? "N" : "S") + en;
        const int first_north = int(kBands.find('N'));
        int band = std::clamp(int(std::floor((p.lat + 80) / 8)), 0, int(kBands.size()) - 1);
        band = northp ? std::max(band, first_north) : std::min(band, first_north - 1);
        return std::to_string(zone) + kBands[size_t(band)] + en;
    }
    }
    return {};
}

} // namespace entente::geo
