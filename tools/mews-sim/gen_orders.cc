// Generator writers for OrderItem and Payment (reference §3.1, §3.2).
#include "tools/mews-sim/gen_common.h"
#include "tools/mews-sim/sim_time.h"

namespace mews::sim::internal {
namespace {

constexpr std::string_view kAccountTypes[] = {"Customer", "Customer", "Customer", "Company"};
constexpr std::string_view kAccountingStates[] = {"Open", "Closed", "Closed", "Inactive", "Canceled"};
constexpr std::string_view kRevenueTypes[] = {"Service", "Product", "Additional"};
constexpr std::string_view kOrderItemTypes[] = {
    "SpaceOrder", "SpaceOrder", "SpaceOrder", "ProductOrder", "ProductOrder", "CityTax",
    "CancellationFee", "NightRebate", "ProductOrderRebate", "AdditionalExpenseRebate", "Deposit",
    "ExchangeRateDifference", "CustomItem", "ServiceCharge", "CityTaxDiscount", "Surcharge",
    "TaxCorrection", "ResourceUpgradeFee", "InvoiceFee", "MulticurrencyFee", "AllowanceDiscount",
    "AllowanceBreakage", "AllowanceContraBreakage"};
constexpr std::string_view kTaxExemptions[] = {
    "Unknown", "IT_N1", "IT_N2_1", "IT_N2_2", "IT_N3_4", "IT_N3_5", "IT_N4", "IT_N5", "PL_ZW",
    "PL_NP", "DE_NATO", "FR_261_7", "FR_262_00_BIS", "FR_293_B"};
constexpr std::string_view kProfitTypes[] = {"AllowanceBreakage", "AllowanceContraBreakage",
                                             "AllowanceLoss", "AllowanceContraLoss"};
constexpr std::string_view kPaymentStates[] = {"Charged", "Charged", "Charged", "Canceled",
                                               "Pending", "Failed", "Verifying"};
constexpr std::string_view kPaymentKinds[] = {"Payment", "Chargeback", "ChargebackReversal", "Refund"};
constexpr std::string_view kPaymentOrigins[] = {
    "Other", "System", "Operations", "AutomaticPayment", "PaymentRequest", "BookingEngine", "Api",
    "Terminal", "ChannelManager", "OnlineCheckout", "BillBalancing", "OnlineCheckin",
    "PointOfSales", "PaymentToInvoiceLinking"};
constexpr std::string_view kInvoiceTypes[] = {"Receivable", "Balancing",
                                              "UnderpaymentBalancingReceivable",
                                              "OverpaymentBalancingReceivable", "Overpayment"};
constexpr std::string_view kExternalTypes[] = {
    "Unspecified", "BadDebts", "Bacs", "WireTransfer", "Invoice", "Complimentary", "Cash",
    "CreditCard", "Prepayment", "Cheque", "PayPal", "GiftCard", "Voucher", "Visa", "Amex",
    "DepositCash", "DepositCreditCard"};
constexpr std::string_view kAlternativeTypes[] = {"Ideal", "ApplePay", "GooglePay",
                                                  "SepaDirectDebit", "PayPal", "WireTransfer"};

// Order item Data: a flat union with one populated sibling, or null for most item types.
void OrderItemData(GenContext& c, std::string_view type) {
  int kind = type == "ProductOrder" ? 1 : type == "ProductOrderRebate" || type == "NightRebate" ? 0
           : type == "AllowanceDiscount" ? 2 : type.rfind("Allowance", 0) == 0 ? 3 : -1;
  if (kind < 0) return NullField(c, "Data");
  static constexpr std::string_view kNames[] = {"Rebate", "Product", "AllowanceDiscount",
                                                "AllowanceProfits"};
  c.w.Key("Data").BeginObject();
  c.w.Key("Discriminator").Plain(kNames[kind]);
  for (int i = 0; i < 4; ++i) {
    if (i != kind) { NullField(c, kNames[i]); continue; }
    c.w.Key(kNames[i]).BeginObject();
    if (i == 0) {
      RefSetId(c, "ProductId", RefType::kProduct);
      if (c.rng.Percent(95)) RefId(c, "RebatedItemId", Entity::kOrderItem, 100000);
      else c.w.Key("RebatedItemId").Null();  // legacy-nullable in the spec
    } else if (i == 1) {
      RefSetId(c, "ProductId", RefType::kProduct);
      MaybeRefSetId(c, "AgeCategoryId", RefType::kAgeCategory, 30);
      static constexpr std::string_view kProductTypes[] = {"Product", "Allowance"};
      MaybePick(c, "ProductType", kProductTypes, 80);
    } else if (i == 2) {
      RefId(c, "DiscountedOrderItemId", Entity::kOrderItem, 100000);
      RefId(c, "AllowanceProductOrderItemId", Entity::kOrderItem, 100000);
    } else {
      RefId(c, "AllowanceProductOrderItemId", Entity::kOrderItem, 100000);
      Pick(c, "AllowanceProfitType", kProfitTypes);
    }
    c.w.EndObject();
  }
  c.w.EndObject();
}

void OrderItemAmounts(GenContext& c) {
  int64_t units = c.rng.Percent(85) ? 1 : c.rng.Range(0, 12);
  int64_t unit_net = RandomMoney(c);
  std::string_view currency = Currency(c);
  int tax = TaxKind(c);
  c.w.Key("UnitCount").Int(units);
  Amount(c, "UnitAmount", unit_net, currency, tax);
  Amount(c, "Amount", unit_net * units, currency, tax);
  Amount(c, "OriginalAmount", unit_net * units, c.rng.Percent(90) ? currency : "USD", tax);
}

void OrderItemTimes(GenContext& c, int64_t created, int64_t updated) {
  TimestampField(c, "CreatedUtc", created);
  TimestampField(c, "UpdatedUtc", updated);
  TimestampField(c, "ConsumedUtc", created + c.rng.Range(0, 3 * kMicrosPerDay));
  MaybeTimestamp(c, "CanceledUtc", updated, 8);
  MaybeTimestamp(c, "ClosedUtc", updated - c.rng.Range(0, kMicrosPerDay), 50);
  MaybeTimestamp(c, "StartUtc", created + c.rng.Range(0, 30 * kMicrosPerDay), 40);
  MaybeTimestamp(c, "ClaimedUtc", updated, 3);
}

}  // namespace

void WriteOrderItem(GenContext& c) {
  int64_t created, updated;
  ChooseTimes(c, &created, &updated);
  std::string_view type = kOrderItemTypes[c.rng.Below(std::size(kOrderItemTypes))];
  BeginRecord(c);
  ScopeIdField(c, "EnterpriseId");
  bool has_account = c.rng.Percent(95);
  if (has_account) RefId(c, "AccountId", Entity::kCustomer, 10000); else NullField(c, "AccountId");
  if (has_account) Pick(c, "AccountType", kAccountTypes); else NullField(c, "AccountType");
  RefSetId(c, "ServiceId", RefType::kService);
  // Order item i belongs to reservation i / 4: it exists whenever there are at least a quarter as many
  // reservations as order items (the demo and the tests), so order items join their reservations.
  c.w.Key("ServiceOrderId");
  UuidValue(c, MakeUuid(c.seed ^ EntityTag(Entity::kReservation), c.index / 4));
  Notes(c, "Notes", 5);
  MaybePoolId(c, "BillId", "bill-ref", 1u << 20, 60);
  MaybeRefSetId(c, "AccountingCategoryId", RefType::kAccountingCategory, 80);
  if (c.rng.Percent(5)) { c.w.Key("BillingName"); c.w.Raw(R"("Zoë Ñúñez \"Travel\" s.r.o.")"); }
  else NullField(c, "BillingName");
  MaybeText(c, "ExternalIdentifier", "EXT-", 8);
  OrderItemAmounts(c);
  Pick(c, "RevenueType", kRevenueTypes);
  PoolId(c, "CreatorProfileId", "profile", 30);
  PoolId(c, "UpdaterProfileId", "profile", 30);
  OrderItemTimes(c, created, updated);
  Pick(c, "AccountingState", kAccountingStates);
  c.w.Key("Type").Plain(type);
  c.w.Key("Options").BeginObject();
  c.w.Key("CanceledWithReservation").Bool(c.rng.Percent(5));
  c.w.EndObject();
  OrderItemData(c, type);
  bool exempt = c.rng.Percent(3);
  if (exempt) Pick(c, "TaxExemptionReason", kTaxExemptions); else NullField(c, "TaxExemptionReason");
  if (exempt) c.w.Key("TaxExemptionLegalReference").String("Art. 10 DPR 633/72 — «esente»");
  else NullField(c, "TaxExemptionLegalReference");
  c.w.EndObject();
}

namespace {

void CreditCardData(GenContext& c) {
  c.w.Key("CreditCard").BeginObject();
  MaybePoolId(c, "CreditCardId", "credit-card", 1u << 24, 90);
  if (!c.rng.Percent(80)) {
    NullField(c, "Transaction");
  } else {
    std::string_view currency = Currency(c);
    int64_t charged = c.rng.Range(100, 200000);
    int tax = TaxKind(c);
    c.w.Key("Transaction").BeginObject();
    PoolId(c, "PaymentId", "psp-payment", 1u << 30);
    MaybeText(c, "SettlementId", "ST-", 60);
    MaybeTimestamp(c, "SettledUtc", c.anchor - c.rng.Range(2, 600) * kMicrosPerDay, 60);
    if (c.rng.Percent(70)) Amount(c, "Fee", charged / 50, currency, tax); else NullField(c, "Fee");
    NullField(c, "AdjustedFee");
    Amount(c, "ChargedAmount", charged, currency, tax);
    if (c.rng.Percent(60)) Amount(c, "SettledAmount", charged - charged / 50, currency, tax);
    else NullField(c, "SettledAmount");
    c.w.EndObject();
  }
  c.w.EndObject();
}

void PaymentData(GenContext& c, int kind) {
  static constexpr std::string_view kNames[] = {"CreditCard", "Invoice", "External", "Ghost",
                                                "Alternative"};
  c.w.Key("Data").BeginObject();
  c.w.Key("Discriminator").Plain(kNames[kind]);
  for (int i = 0; i < 5; ++i) {
    if (i != kind) { NullField(c, kNames[i]); continue; }
    if (i == 0) { CreditCardData(c); continue; }
    c.w.Key(kNames[i]).BeginObject();
    if (i == 1) {
      MaybePoolId(c, "InvoiceId", "bill-ref", 1u << 20, 90);
      Pick(c, "Type", kInvoiceTypes);
    } else if (i == 2) {
      Pick(c, "Type", kExternalTypes);
      MaybeText(c, "ExternalIdentifier", "POS-", 50);
    } else if (i == 3) {
      RefId(c, "OriginalPaymentId", Entity::kPayment, 100000);
    } else {
      Pick(c, "Type", kAlternativeTypes);
    }
    c.w.EndObject();
  }
  c.w.EndObject();
}

// Identifier (null, "" or text), Type, Kind and the Data union that matches Type.
void PaymentKind(GenContext& c) {
  unsigned id_kind = static_cast<unsigned>(c.rng.Below(10));
  if (id_kind < 5) NullField(c, "Identifier");
  else if (id_kind < 7) c.w.Key("Identifier").Plain("");
  else MaybeText(c, "Identifier", "RCPT/", 100);
  int kind = static_cast<int>(c.rng.Below(6)) - 1;  // -1: no Data
  static constexpr std::string_view kTypes[] = {"CreditCardPayment", "InvoicePayment",
      "ExternalPayment", "GhostPayment", "AlternativePayment"};
  static constexpr std::string_view kOtherTypes[] = {"Payment", "CashPayment", "TaxDeductedPayment"};
  if (kind < 0) Pick(c, "Type", kOtherTypes); else c.w.Key("Type").Plain(kTypes[kind]);
  MaybePick(c, "Kind", kPaymentKinds, 40);
  if (kind < 0) NullField(c, "Data"); else PaymentData(c, kind);
}

}  // namespace

void WritePayment(GenContext& c) {
  int64_t created, updated;
  ChooseTimes(c, &created, &updated);
  BeginRecord(c);
  ScopeIdField(c, "EnterpriseId");
  RefId(c, "AccountId", Entity::kCustomer, 10000);
  Pick(c, "AccountType", kAccountTypes);
  MaybePoolId(c, "PaymentRequestId", "payment-request", 1u << 20, 10);
  MaybePoolId(c, "BillId", "bill-ref", 1u << 20, 70);
  if (c.rng.Percent(60)) RefId(c, "ReservationId", Entity::kReservation, 100000);
  else NullField(c, "ReservationId");
  MaybeRefSetId(c, "AccountingCategoryId", RefType::kAccountingCategory, 70);
  int64_t value = c.rng.Percent(85) ? -c.rng.Range(1, 300000) : c.rng.Range(0, 50000);
  std::string_view currency = Currency(c);
  int tax = TaxKind(c);
  Amount(c, "Amount", value, currency, tax);
  Amount(c, "OriginalAmount", value, c.rng.Percent(85) ? currency : "CZK", tax);
  Notes(c, "Notes", 10);
  MaybeText(c, "SettlementId", "apple-pay-", 5);
  MaybeTimestamp(c, "ConsumedUtc", created, 80);
  MaybeTimestamp(c, "ClosedUtc", updated, 50);
  MaybeTimestamp(c, "ChargedUtc", created, 70);
  TimestampField(c, "CreatedUtc", created);
  TimestampField(c, "UpdatedUtc", updated);
  c.w.Key("SettlementUtc").Null();  // "required" in the spec, null in every example
  Pick(c, "AccountingState", kAccountingStates);
  Pick(c, "State", kPaymentStates);
  PaymentKind(c);
  MaybePick(c, "PaymentOrigin", kPaymentOrigins, 85);
  c.w.EndObject();
}

}  // namespace mews::sim::internal
