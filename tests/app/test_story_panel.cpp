// The story bar's clock (the Story page's list is the core's: tests/unit/test_story_list.cpp).
#include <catch2/catch.hpp>

#include "app/story_panel.h"

using namespace spineview::app;

TEST_CASE("the story bar's clock reads minutes and seconds", "[story]") {
  CHECK(clockText(0.0) == "0:00");
  CHECK(clockText(59.9) == "0:59");
  CHECK(clockText(90.0) == "1:30");
  CHECK(clockText(-3.0) == "0:00");
  CHECK(clockText(3599.0) == "59:59");
}
