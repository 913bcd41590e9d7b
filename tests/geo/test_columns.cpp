// Attribute columns (geo/features.hpp): text stored once per distinct value must still read back row by row,
// through copies made while a layer is still being built (mission layers are built and copied).
#include "geo/features.hpp"

#include <catch2/catch.hpp>

#include <memory>

using entente::geo::Column;

TEST_CASE("a text column reads back every row as written, through copies and moves mid-load") {
    auto c = std::make_unique<Column>();
    for (const char* v : {"hq", "well", "hq", "", "a value longer than the short-string buffer", "hq"})
        c->push_text(v);
    REQUIRE(c->text_rows() == 6);
    CHECK(c->text(0) == "hq");
    CHECK(c->text(2) == "hq");
    CHECK(c->text(3).empty());
    CHECK(c->text(4) == "a value longer than the short-string buffer");
    Column copy = *c;
    c.reset(); // the copy must not look up values in the source
    for (const char* v : {"well", "new", "a value longer than the short-string buffer"})
        copy.push_text(v);
    Column moved = std::move(copy);
    moved.push_text("new");
    moved.done_loading();
    REQUIRE(moved.text_rows() == 10);
    CHECK(moved.text(1) == "well");
    CHECK(moved.text(6) == "well");
    CHECK(moved.text(7) == "new");
    CHECK(moved.text(8) == "a value longer than the short-string buffer");
    CHECK(moved.text(9) == "new");
}
