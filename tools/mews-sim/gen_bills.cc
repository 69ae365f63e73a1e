// Generator writers for Bill and LedgerEntry (reference §3.6, §3.10).
#include "tools/mews-sim/gen_common.h"
#include "tools/mews-sim/sim_time.h"

namespace mews::sim::internal {
namespace {

constexpr std::string_view kCorrectionTypes[] = {"Cancellation", "Edit", "CreditNote",
                                                 "Reinstatement", "ReceivablePaymentsBalance"};
constexpr std::string_view kTitles[] = {"Mister", "Miss", "Misses"};

void LegalIdentifiers(GenContext& c) {
  if (!c.rng.Percent(40)) return NullField(c, "LegalIdentifiers");
  c.w.Key("LegalIdentifiers").BeginObject();
  c.w.Key("CZ_DIC").Plain("CZ12345678");
  if (c.rng.Percent(50)) c.w.Key("IT_SDI").Raw(R"("ABC\u00e91")");
  c.w.EndObject();
}

void BillCustomerData(GenContext& c) {
  c.w.BeginObject();
  RefId(c, "Id", Entity::kCustomer, 10000);
  BillAddress(c, "Address", 60);
  LegalIdentifiers(c);
  MaybeText(c, "BillingCode", "BC", 5);
  LastName(c, "LastName");
  FirstName(c, "FirstName", 90);
  NullField(c, "SecondLastName");
  MaybePick(c, "TitlePrefix", kTitles, 50);
  MaybeText(c, "TaxIdentifier", "CZ", 10);
  c.w.EndObject();
}

void BillCompanyData(GenContext& c) {
  c.w.BeginObject();
  if (c.rng.Percent(90)) RefId(c, "Id", Entity::kCompany, 2000); else NullField(c, "Id");
  BillAddress(c, "Address", 70);
  LegalIdentifiers(c);
  MaybeText(c, "BillingCode", "BC", 5);
  c.w.Key("Name").Raw(R"("Müller & Söhne \"Hotelbedarf\" GmbH")");
  MaybeText(c, "FiscalIdentifier", "FI", 30);
  MaybeText(c, "AdditionalTaxIdentifier", "ATI", 10);
  MaybeText(c, "DUNS", "", 10);
  MaybeText(c, "Telephone", "+49 89 ", 40);
  MaybeText(c, "TaxIdentifier", "DE", 50);
  if (c.rng.Percent(40)) c.w.Key("InvoicingEmail").Plain("ap@example.de");
  else NullField(c, "InvoicingEmail");
  MaybeText(c, "Department", "Dept ", 10);
  c.w.EndObject();
}

// Bill.OwnerData: a {Discriminator, Value} coproduct.
void OwnerData(GenContext& c, bool company) {
  if (!c.rng.Percent(70)) return NullField(c, "OwnerData");
  c.w.Key("OwnerData").BeginObject();
  c.w.Key("Discriminator").Plain(company ? "BillCompanyData" : "BillCustomerData");
  c.w.Key("Value");
  if (company) BillCompanyData(c); else BillCustomerData(c);
  c.w.EndObject();
}

// Bill.AssociatedAccountData: an array (at most one element) of flat unions.
void AssociatedAccountData(GenContext& c) {
  unsigned kind = static_cast<unsigned>(c.rng.Below(4));  // 0: null, 1: [], 2: customer, 3: company
  if (kind == 0) return NullField(c, "AssociatedAccountData");
  c.w.Key("AssociatedAccountData").BeginArray();
  if (kind >= 2) {
    c.w.BeginObject();
    c.w.Key("Discriminator").Plain(kind == 2 ? "BillCustomerData" : "BillCompanyData");
    c.w.Key("BillCustomerData");
    if (kind == 2) BillCustomerData(c); else c.w.Null();
    c.w.Key("BillCompanyData");
    if (kind == 3) BillCompanyData(c); else c.w.Null();
    c.w.EndObject();
  }
  c.w.EndArray();
}

void BillOptionsAndEnterprise(GenContext& c) {
  if (!c.rng.Percent(90)) {
    NullField(c, "Options");
  } else {
    c.w.Key("Options").BeginObject();
    c.w.Key("DisplayCustomer").Bool(c.rng.Percent(90));
    c.w.Key("DisplayTaxation").Bool(c.rng.Percent(80));
    c.w.Key("TrackReceivable").Bool(c.rng.Percent(20));
    c.w.Key("DisplayCid").Bool(c.rng.Percent(10));
    c.w.Key("Rebated").Bool(c.rng.Percent(5));
    c.w.EndObject();
  }
}

void EnterpriseData(GenContext& c) {
  if (!c.rng.Percent(60)) return NullField(c, "EnterpriseData");
  c.w.Key("EnterpriseData").BeginObject();
  NullField(c, "AdditionalTaxIdentifier");
  c.w.Key("CompanyName").Raw(R"("Hôtel Zoë \u0026 Spa a.s.")");
  MaybeText(c, "BankAccount", "19-", 70);
  if (c.rng.Percent(70)) c.w.Key("BankName").Raw(R"("Česká spořitelna")"); else NullField(c, "BankName");
  MaybeText(c, "Iban", "CZ65080000001920", 70);
  if (c.rng.Percent(70)) c.w.Key("Bic").Plain("GIBACZPX"); else NullField(c, "Bic");
  c.w.EndObject();
}

void DeprecatedBillFields(GenContext& c, bool company) {
  if (!company && c.rng.Percent(80)) RefId(c, "CustomerId", Entity::kCustomer, 10000);
  else NullField(c, "CustomerId");
  if (company) RefId(c, "CompanyId", Entity::kCompany, 2000); else NullField(c, "CompanyId");
  for (std::string_view key : {"Revenue", "Payments", "OrderItems", "PaymentItems"}) {
    c.w.Key(key).BeginArray();
    c.w.EndArray();
  }
  NullField(c, "AssigneeData");
  NullField(c, "CompanyDetails");
}

// CreatedUtc .. UpdatedUtc; closing dates only on closed bills.
void BillDates(GenContext& c, bool closed, int64_t created, int64_t updated) {
  TimestampField(c, "CreatedUtc", created);
  MaybeTimestamp(c, "IssuedUtc", updated, closed ? 100 : 0);
  MaybeTimestamp(c, "TaxedUtc", updated, closed ? 90 : 0);
  MaybeTimestamp(c, "PaidUtc", updated, closed ? 60 : 0);
  MaybeTimestamp(c, "DueUtc", updated + 14 * kMicrosPerDay, closed ? 30 : 0);
  MaybeTimestamp(c, "LastReminderDateUtc", updated, 3);
  TimestampField(c, "UpdatedUtc", updated);
}

void Correction(GenContext& c) {
  bool corrective = c.rng.Percent(5);
  c.w.Key("CorrectionState").Plain(corrective ? "CorrectiveBill" : "Bill");
  if (corrective) Pick(c, "CorrectionType", kCorrectionTypes); else NullField(c, "CorrectionType");
  if (corrective && c.rng.Percent(80)) RefId(c, "CorrectedBillId", Entity::kBill, c.index + 1);
  else NullField(c, "CorrectedBillId");
}

}  // namespace

void WriteBill(GenContext& c) {
  int64_t created, updated;
  ChooseTimes(c, &created, &updated);
  bool company = c.rng.Percent(20);
  bool closed = c.rng.Percent(75);
  BeginRecord(c);
  if (c.rng.Percent(30)) c.w.Key("Name").Raw(R"("Zimmer 204 – Zoë")"); else NullField(c, "Name");
  ScopeIdField(c, "EnterpriseId");
  if (company) RefId(c, "AccountId", Entity::kCompany, 2000);
  else RefId(c, "AccountId", Entity::kCustomer, 10000);
  c.w.Key("AccountType").Plain(company ? "Company" : "Customer");
  if (c.rng.Percent(50)) {
    c.w.Key("AssociatedAccountIds").BeginArray();
    if (c.rng.Percent(60)) UuidValue(c, MakeUuid(c.seed ^ EntityTag(Entity::kCustomer), c.rng.Below(10000)));
    c.w.EndArray();
  } else {
    NullField(c, "AssociatedAccountIds");
  }
  MaybePoolId(c, "CounterId", "counter", 4, closed ? 95 : 0);
  c.w.Key("State").Plain(closed ? "Closed" : "Open");
  c.w.Key("Type").Plain(c.rng.Percent(70) ? "Receipt" : "Invoice");
  if (closed) c.w.Key("Number").Plain(std::to_string(2024000 + c.index)); else NullField(c, "Number");
  MaybeText(c, "VariableSymbol", "", closed ? 50 : 0);
  BillDates(c, closed, created, updated);
  MaybeText(c, "PurchaseOrderNumber", "PO-", 10);
  Notes(c, "Notes", 10);
  BillOptionsAndEnterprise(c);
  OwnerData(c, company);
  AssociatedAccountData(c);
  EnterpriseData(c);
  Correction(c);
  DeprecatedBillFields(c, company);
  c.w.EndObject();
}

void WriteLedgerEntry(GenContext& c) {
  static constexpr std::string_view kItemTypes[] = {"OrderItem", "OrderItem", "OutletItem",
      "Invoice", "Payment", "DepositBalancingPayment", "CityLedgerBalancingPayment", "DepositItem"};
  static constexpr std::string_view kLedgerTypes[] = {"Revenue", "Tax", "Payment", "Deposit",
                                                      "Guest", "City", "NonRevenue"};
  int64_t day = c.anchor / kMicrosPerDay - 1 - c.rng.Range(0, 364);
  int64_t created = day * kMicrosPerDay + c.rng.Range(0, 23 * 3600) * kMicrosPerSecond +
                    c.rng.Range(0, kMicrosPerSecond - 1);
  if (c.edit.updated_micros) created = c.exact_time = *c.edit.updated_micros;
  std::string_view ledger = kLedgerTypes[c.rng.Below(std::size(kLedgerTypes))];
  bool tax = ledger == "Tax";
  BeginRecord(c);
  ScopeIdField(c, "EnterpriseId");
  MaybePoolId(c, "TransactionId", "ledger-transaction", 1u << 30, 85);
  RefId(c, "AccountId", Entity::kCustomer, 10000);
  MaybePoolId(c, "BillId", "bill-ref", 1u << 20, 70);
  MaybeRefSetId(c, "AccountingCategoryId", RefType::kAccountingCategory, 80);
  RefId(c, "AccountingItemId", Entity::kOrderItem, 100000);
  Pick(c, "AccountingItemType", kItemTypes);
  c.w.Key("LedgerType").Plain(ledger);
  c.w.Key("LedgerEntryType").Plain(c.rng.Percent(50) ? "Debit" : "Credit");
  c.w.Key("PostingDate");
  c.w.Plain(FormatDate(day));
  int64_t value = c.rng.Percent(4) ? 0 : c.rng.Range(1, 250000);
  c.w.Key("Value").Money(value + c.edit.revision, c.rng.Percent(20));
  if (tax) c.w.Key("NetBaseValue").Money(value * 5); else NullField(c, "NetBaseValue");
  if (tax) c.w.Key("TaxRateCode").Plain("DE-2020-1-S"); else NullField(c, "TaxRateCode");
  c.w.Key("CreatedUtc");
  c.info.updated_micros = Timestamp(c, created);
  c.info.posting_day = day;
  c.w.EndObject();
}

}  // namespace mews::sim::internal
