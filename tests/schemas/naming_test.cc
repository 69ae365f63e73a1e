#include <doctest/doctest.h>

#include "schemas/naming.h"

using namespace mews;

TEST_SUITE("schemas.naming") {
  TEST_CASE("snake_case follows the contract's rule") {
    struct Case {
      const char* in;
      const char* out;
    } cases[] = {
        {"Id", "id"},
        {"NetValue", "net_value"},
        {"DUNS", "duns"},
        {"QrCodeData", "qr_code_data"},
        {"IATACode", "iata_code"},
        {"Line1", "line1"},
        {"FirstTimeUnitStartUtc", "first_time_unit_start_utc"},
        {"Iata", "iata"},
        {"CanceledWithReservation", "canceled_with_reservation"},
        {"Address2Line", "address2_line"},
        {"ABC", "abc"},
        {"ABCdef", "ab_cdef"},
    };
    for (const Case& c : cases) {
      CAPTURE(c.in);
      CHECK(SnakeCase(c.in) == c.out);
    }
  }

  TEST_CASE("column names join path segments") {
    CHECK(ColumnNameForPath({"Amount", "NetValue"}) == "amount_net_value");
    CHECK(ColumnNameForPath({"Options", "CanceledWithReservation"}) ==
          "options_canceled_with_reservation");
    CHECK(ColumnNameForPath({"Data", "Product", "ProductId"}) == "data_product_product_id");
  }

  TEST_CASE("identifiers are checked for characters and PostgreSQL's 63-byte limit") {
    CHECK(IsValidIdentifier("order_items"));
    CHECK(IsValidIdentifier("_extra"));
    CHECK(IsValidIdentifier(std::string(63, 'a')));
    CHECK_FALSE(IsValidIdentifier(std::string(64, 'a')));
    CHECK_FALSE(IsValidIdentifier("1abc"));
    CHECK_FALSE(IsValidIdentifier("Order"));
    CHECK_FALSE(IsValidIdentifier(""));
    CHECK_FALSE(IsValidIdentifier("a-b"));
  }

  TEST_CASE("paths split and join on dots") {
    CHECK(SplitPath("Amount.NetValue") == std::vector<std::string>{"Amount", "NetValue"});
    CHECK(JoinPath({"A", "B", "C"}) == "A.B.C");
    CHECK(SplitPath("Id") == std::vector<std::string>{"Id"});
  }
}
