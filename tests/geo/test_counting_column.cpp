// CountingColumn (geo/features.hpp): feature ids and point owners kept as a run while they count up by one.
#include "geo/features.hpp"

#include <catch2/catch.hpp>

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
