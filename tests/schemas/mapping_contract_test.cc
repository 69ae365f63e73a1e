// The builtin mappings against the table contract and the quirks of the Mews export API (docs/mews-api.md):
// a sample of column names with their types, the child tables, and each documented quirk.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "schemas/naming.h"
#include "tests/schemas/mapping_lookup.h"

using namespace mews;

namespace {

struct ExpectedColumn {
  const char* table;
  const char* column;
  const char* path;
  ColumnType type;
  bool required;
};

void CheckColumn(const ExpectedColumn& e) {
  const std::string where = std::string(e.table) + "." + e.column;
  CAPTURE(where);
  const Table* table = FindTable(e.table);
  REQUIRE(table != nullptr);
  const Column* column = FindColumn(*table, e.column);
  REQUIRE(column != nullptr);
  CHECK(JoinPath(column->path) == e.path);
  CHECK(std::string(ColumnTypeName(column->type)) == ColumnTypeName(e.type));
  CHECK(column->required == e.required);
}

std::set<std::string> ChildTableNames(const std::string& entity) {
  const EntityMapping* m = BuiltinRegistry().Find(entity);
  REQUIRE(m != nullptr);
  std::set<std::string> out;
  for (const Table& child : m->children) out.insert(child.name);
  return out;
}

using T = ColumnType;

}  // namespace

TEST_SUITE("schemas.builtin_mappings") {
  TEST_CASE("sample columns carry the contract's names, paths, types and required flags") {
    const ExpectedColumn kColumns[] = {
        {"order_items", "amount_net_value", "Amount.NetValue", T::kDecimal, true},
        {"order_items", "options_canceled_with_reservation", "Options.CanceledWithReservation", T::kBoolean, true},
        {"order_items", "data_product_product_id", "Data.Product.ProductId", T::kUuid, true},
        {"order_items", "data_rebate_rebated_item_id", "Data.Rebate.RebatedItemId", T::kUuid, false},
        {"order_items", "consumed_utc", "ConsumedUtc", T::kTimestamp, true},
        {"order_items", "unit_count", "UnitCount", T::kInteger, true},
        {"order_items_amount_tax_values", "value", "Value", T::kDecimal, true},
        {"order_items_unit_amount_breakdown_items", "tax_rate_code", "TaxRateCode", T::kText, false},
        {"payments", "data_credit_card_transaction_fee_net_value", "Data.CreditCard.Transaction.Fee.NetValue",
         T::kDecimal, true},
        {"payments", "data_credit_card_transaction_payment_id", "Data.CreditCard.Transaction.PaymentId", T::kUuid,
         true},
        {"payments", "data_external_type", "Data.External.Type", T::kText, true},
        {"payments", "payment_origin", "PaymentOrigin", T::kText, false},
        {"payments_data_credit_card_transaction_charged_amount_breakdown", "net_value", "NetValue", T::kDecimal,
         true},
        {"reservations", "qr_code_data", "QrCodeData", T::kText, false},
        {"reservations", "cancelled_utc", "CancelledUtc", T::kTimestamp, false},
        {"reservations", "options_connector_check_in", "Options.ConnectorCheckIn", T::kBoolean, true},
        {"reservations_person_counts", "count", "Count", T::kInteger, true},
        {"customers", "birth_date", "BirthDate", T::kDate, false},
        {"customers", "classifications", "Classifications", T::kJson, true},
        {"customers", "options", "Options", T::kJson, true},
        {"customers", "preferred_space_features", "PreferredSpaceFeatures", T::kJson, true},
        {"customers", "passport_expiration", "Passport.Expiration", T::kDate, false},
        {"customers", "drivers_license_identity_document_support_number",
         "DriversLicense.IdentityDocumentSupportNumber", T::kText, false},
        {"customers", "address_latitude", "Address.Latitude", T::kDecimal, false},
        {"customers", "address_legacy_id", "Address.Id", T::kUuid, false},
        {"customers", "address_id", "AddressId", T::kUuid, false},
        {"companies", "iata", "Iata", T::kText, false},
        {"companies", "duns_number", "DunsNumber", T::kText, false},
        {"companies", "invoice_due_interval", "InvoiceDueInterval", T::kDuration, false},
        {"companies", "credit_rating_basic", "CreditRating.Basic", T::kText, false},
        {"bills", "owner_data_value_id", "OwnerData.Value.Id", T::kText, false},
        {"bills", "owner_data_value_duns", "OwnerData.Value.DUNS", T::kText, false},
        {"bills", "owner_data_value_legal_identifiers", "OwnerData.Value.LegalIdentifiers", T::kJson, false},
        {"bills", "associated_account_ids", "AssociatedAccountIds", T::kJson, false},
        {"bills", "options_display_cid", "Options.DisplayCid", T::kBoolean, true},
        {"bills_associated_account_data", "bill_customer_data_id", "BillCustomerData.Id", T::kUuid, true},
        {"bills_associated_account_data", "bill_company_data_id", "BillCompanyData.Id", T::kText, false},
        {"bills_associated_account_data", "bill_company_data_legal_identifiers",
         "BillCompanyData.LegalIdentifiers", T::kJson, false},
        {"availability_adjustments_pax_counts", "person_count", "PersonCount", T::kInteger, true},
        {"availability_blocks", "rolling_release_offset", "RollingReleaseOffset", T::kDuration, false},
        {"availability_blocks", "budget_value", "Budget.Value", T::kDecimal, false},
        {"resource_blocks", "deleted_utc", "DeletedUtc", T::kTimestamp, false},
        {"ledger_entries", "posting_date", "PostingDate", T::kDate, true},
        {"ledger_entries", "value", "Value", T::kDecimal, true},
    };
    for (const ExpectedColumn& e : kColumns) CheckColumn(e);
  }

  TEST_CASE("arrays of documented objects become exactly these child tables") {
    CHECK(ChildTableNames("OrderItem") ==
          std::set<std::string>{"order_items_unit_amount_tax_values", "order_items_unit_amount_breakdown_items",
                                "order_items_amount_tax_values", "order_items_amount_breakdown_items",
                                "order_items_original_amount_tax_values",
                                "order_items_original_amount_breakdown_items"});
    CHECK(ChildTableNames("Payment") ==
          std::set<std::string>{"payments_amount_tax_values",
                                "payments_amount_breakdown_items",
                                "payments_original_amount_tax_values",
                                "payments_original_amount_breakdown_items",
                                "payments_data_credit_card_transaction_fee_tax_values",
                                "payments_data_credit_card_transaction_fee_breakdown_items",
                                "payments_data_credit_card_transaction_adjusted_fee_tax_values",
                                "payments_data_credit_card_transaction_adjusted_fee_breakdown",
                                "payments_data_credit_card_transaction_charged_amount_tax_values",
                                "payments_data_credit_card_transaction_charged_amount_breakdown",
                                "payments_data_credit_card_transaction_settled_amount_tax_values",
                                "payments_data_credit_card_transaction_settled_amount_breakdown"});
    CHECK(ChildTableNames("Reservation") == std::set<std::string>{"reservations_person_counts"});
    CHECK(ChildTableNames("Bill") == std::set<std::string>{"bills_associated_account_data"});
    CHECK(ChildTableNames("AvailabilityAdjustment") ==
          std::set<std::string>{"availability_adjustments_pax_counts"});
    for (const char* entity : {"Customer", "Company", "AvailabilityBlock", "ResourceBlock", "LedgerEntry"}) {
      const std::string name = entity;
      CAPTURE(name);
      CHECK(ChildTableNames(entity).empty());
    }
  }

  TEST_CASE("Company ContactPerson is also filled from the misspelled ContacPerson") {
    const Column* c = FindColumn(*FindTable("companies"), "contact_person");
    REQUIRE(c != nullptr);
    CHECK(c->path == std::vector<std::string>{"ContactPerson"});
    CHECK(c->aliases == std::vector<std::vector<std::string>>{{"ContacPerson"}});
    CHECK(c->type == ColumnType::kText);
    CHECK(FindColumn(*FindTable("companies"), "contac_person") == nullptr);
  }

  TEST_CASE("Company Number is an integer while Customer and Reservation Number are text") {
    const Column* company = FindColumn(*FindTable("companies"), "number");
    const Column* customer = FindColumn(*FindTable("customers"), "number");
    const Column* reservation = FindColumn(*FindTable("reservations"), "number");
    REQUIRE(company != nullptr);
    REQUIRE(customer != nullptr);
    REQUIRE(reservation != nullptr);
    CHECK(company->type == ColumnType::kInteger);
    CHECK(customer->type == ColumnType::kText);
    CHECK(reservation->type == ColumnType::kText);
    CHECK(company->required);
    CHECK(customer->required);
    CHECK(reservation->required);
  }

  TEST_CASE("Payment SettlementUtc is a timestamp that may be null although documented as required") {
    const Column* c = FindColumn(*FindTable("payments"), "settlement_utc");
    REQUIRE(c != nullptr);
    CHECK(c->type == ColumnType::kTimestamp);
    CHECK_FALSE(c->required);
  }

  TEST_CASE("Bill addresses map SubdivisionCode, never CountrySubdivisionCode") {
    const char* kColumns[][2] = {
        {"bills", "owner_data_value_address_subdivision_code"},
        {"bills", "assignee_data_value_address_subdivision_code"},
        {"bills", "company_details_address_subdivision_code"},
        {"bills_associated_account_data", "bill_customer_data_address_subdivision_code"},
        {"bills_associated_account_data", "bill_company_data_address_subdivision_code"},
    };
    for (const auto& tc : kColumns) {
      const std::string column = tc[1];
      CAPTURE(column);
      const Column* c = FindColumn(*FindTable(tc[0]), tc[1]);
      REQUIRE(c != nullptr);
      CHECK(c->path.back() == "SubdivisionCode");
      CHECK(c->type == ColumnType::kText);
    }
    for (const char* table : {"bills", "bills_associated_account_data"}) {
      for (const Column& c : FindTable(table)->columns) {
        CHECK(c.name.find("country_subdivision") == std::string::npos);
      }
    }
  }

  TEST_CASE("deprecated fields that still arrive are mapped and never required") {
    const char* kColumns[][2] = {
        {"reservations", "start_utc"},           {"reservations", "end_utc"},
        {"customers", "passport_number"},        {"customers", "activity_state"},
        {"customers", "address_city"},           {"companies", "electronic_invoice_identifier"},
        {"companies", "tax_identification_number"}, {"companies", "address_line1"},
        {"bills", "customer_id"},                {"bills", "revenue"},
        {"bills", "payment_items"},              {"bills", "assignee_data_discriminator"},
        {"bills", "company_details_name"},       {"availability_adjustments", "activity_state"},
        {"availability_blocks", "budget_tax_rate"},
    };
    for (const auto& tc : kColumns) {
      const std::string column = tc[1];
      CAPTURE(column);
      const Column* c = FindColumn(*FindTable(tc[0]), tc[1]);
      REQUIRE(c != nullptr);
      CHECK_FALSE(c->required);
    }
  }

  TEST_CASE("legacy-nullable and one-variant-only fields are not required") {
    const char* kColumns[][2] = {
        {"order_items", "data_rebate_product_id"},
        {"bills", "owner_data_value_last_name"},
        {"bills", "owner_data_value_name"},
        {"companies", "updated_utc"},
    };
    for (const auto& tc : kColumns) {
      const std::string column = tc[1];
      CAPTURE(column);
      const Column* c = FindColumn(*FindTable(tc[0]), tc[1]);
      REQUIRE(c != nullptr);
      CHECK_FALSE(c->required);
    }
  }
}
