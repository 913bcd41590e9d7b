// CountingColumn (geo/features.hpp): feature ids and point owners kept as a run while they count up by one.
#include "geo/features.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

using entente::geo::CountingColumn;

TEST_CASE("a counting column reads back every value pushed, stored only once a value breaks the run") {
    // GeoPackage ids 1..5, then a gap (a deleted row), then a repeat and a step back.
    const std::vector<int64_t> ids = {1, 2, 3, 4, 5, 9, 10, 10, 7, -3};
    CountingColumn<int64_t> c;
    c.reserve(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
        c.push_back(ids[i]);
        REQUIRE(c.size() == i + 1);
        CHECK(c.counted() == (i < 5)); // the run ends at the first id out of step
        for (size_t k = 0; k <= i; ++k)
            CHECK(c[k] == ids[k]);
    }
    CHECK(c == CountingColumn<int64_t>{1, 2, 3, 4, 5, 9, 10, 10, 7, -3});
    CHECK_FALSE(c == CountingColumn<int64_t>{1, 2, 3, 4, 5, 9, 10, 10, 7});
    CHECK_FALSE(c == CountingColumn<int64_t>{1, 2, 3, 4, 5, 9, 10, 10, 7, -2});
}

TEST_CASE("a counting column of a run is the run, whatever it starts at") {
    CountingColumn<uint32_t> owners;
    CHECK(owners.empty());
    for (uint32_t i = 0; i < 100000; ++i)
        owners.push_back(i);
    CHECK(owners.counted());
    CHECK(owners.size() == 100000);
    CHECK(owners[0] == 0);
    CHECK(owners[99999] == 99999);
    const CountingColumn<int64_t> from_minus = {-2, -1, 0, 1};
    CHECK(from_minus.counted());
    CHECK(from_minus[0] == -2);
    CHECK(from_minus[3] == 1);
    // Equal values compare equal however they are kept.
    CountingColumn<int64_t> stored = {5, 4};
    CountingColumn<int64_t> run = {5, 6};
    CHECK_FALSE(stored.counted());
    CHECK(run.counted());
    CHECK_FALSE(stored == run);
}

TEST_CASE("a numeric attribute column gives back the very doubles it was given, nulls and signed zeros too") {
    // Attribute columns (geo::Column::num) keep numbers this way: ids 1, 2, 3... cost nothing, and every
    // other column must read back bit for bit, as GDAL gave it.
    auto bits = [](double d) {
        uint64_t b;
        std::memcpy(&b, &d, 8);
        return b;
    };
    const std::vector<std::vector<double>> columns = {
        {1, 2, 3, 4},                     // an id: a run
        {-1, -0.0, 1},                    // -1 + 1 is +0, not the -0 given: stored
        {-0.0, 1, 2},                     // a run from -0: the first keeps its sign
        {0.5, 1.5, 2.5, 3.5},             // a run of halves
        {0.1, 1.1, 2.1},                  // 0.1 + 1 may not be the 1.1 given: either way, exact
        {std::nan(""), std::nan(""), 1},  // nulls
        {7, std::nan(""), 9},             // a null breaks the run
        {1e300, 1e300, 31.247, -5e-324}}; // 1e300 + 1 is 1e300: a run, then stored
    for (const auto& values : columns) {
        CountingColumn<double> c;
        for (double v : values)
            c.push_back(v);
        REQUIRE(c.size() == values.size());
        for (size_t i = 0; i < values.size(); ++i) {
            INFO("column " << &values - &columns[0] << " row " << i);
            CHECK(bits(c[i]) == bits(values[i]));
        }
    }
    CountingColumn<double> ids;
    for (int i = 1; i <= 100000; ++i)
        ids.push_back(double(i));
    CHECK(ids.counted());
}
