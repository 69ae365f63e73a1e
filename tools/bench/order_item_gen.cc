#include "tools/bench/order_item_gen.h"

#include <cinttypes>
#include <cstdio>

namespace mews::bench {
namespace {

// xorshift64*: deterministic for a seed, fast, good enough for synthetic data.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ULL + 1) {}
  uint64_t Next() {
    s_ ^= s_ >> 12;
    s_ ^= s_ << 25;
    s_ ^= s_ >> 27;
    return s_ * 0x2545F4914F6CDD1DULL;
  }
  uint64_t Below(uint64_t n) { return Next() % n; }

 private:
  uint64_t s_;
};

std::string Uuid(Rng* r) {
  char buf[40];
  const uint64_t a = r->Next(), b = r->Next();
  std::snprintf(buf, sizeof buf, "%08" PRIx64 "-%04" PRIx64 "-4%03" PRIx64 "-a%03" PRIx64 "-%012" PRIx64,
                a >> 32, (a >> 16) & 0xFFFF, a & 0xFFF, (b >> 48) & 0xFFF, b & uint64_t{0xFFFFFFFFFFFF});
  return buf;
}

std::string Timestamp(Rng* r) {
  char buf[48];
  const int month = 1 + static_cast<int>(r->Below(12)), day = 1 + static_cast<int>(r->Below(28));
  const int h = static_cast<int>(r->Below(24)), m = static_cast<int>(r->Below(60));
  const int s = static_cast<int>(r->Below(60));
  switch (r->Below(3)) {
    case 0:
      std::snprintf(buf, sizeof buf, "2024-%02d-%02dT%02d:%02d:%02dZ", month, day, h, m, s);
      break;
    case 1:
      std::snprintf(buf, sizeof buf, "2024-%02d-%02dT%02d:%02d:%02d.%03dZ", month, day, h, m, s,
                    static_cast<int>(r->Below(1000)));
      break;
    default:
      std::snprintf(buf, sizeof buf, "2024-%02d-%02dT%02d:%02d:%02d.%07dZ", month, day, h, m, s,
                    static_cast<int>(r->Below(10000000)));
  }
  return buf;
}

std::string Money(Rng* r, bool negative) {
  char buf[32];
  const uint64_t cents = r->Below(500000);
  std::snprintf(buf, sizeof buf, "%s%" PRIu64 ".%02" PRIu64, negative ? "-" : "", cents / 100, cents % 100);
  return buf;
}

std::string Amount(Rng* r, bool negative) {
  const std::string net = Money(r, negative), tax = Money(r, negative), gross = Money(r, negative);
  std::string code = r->Below(2) ? "\"DE-2020-1-L\"" : "\"DE-2020-1-S\"";
  std::string out = "{\"Currency\":\"EUR\",\"NetValue\":" + net + ",\"GrossValue\":" + gross +
                    ",\"TaxValues\":[";
  if (r->Below(4) != 0) out += "{\"Code\":" + code + ",\"Value\":" + tax + "}";
  out += "],\"Breakdown\":{\"Items\":[{\"TaxRateCode\":" + code + ",\"NetValue\":" + net +
         ",\"TaxValue\":" + tax + "}";
  if (r->Below(3) == 0) out += ",{\"TaxRateCode\":null,\"NetValue\":" + Money(r, false) + ",\"TaxValue\":0.0}";
  return out + "]}}";
}

std::string OrNull(Rng* r, const std::string& quoted, int null_in) {
  return r->Below(null_in) == 0 ? "null" : quoted;
}

std::string Data(Rng* r) {
  switch (r->Below(4)) {
    case 0:
      return "{\"Discriminator\":\"Rebate\",\"Rebate\":{\"ProductId\":\"" + Uuid(r) +
             "\",\"RebatedItemId\":\"" + Uuid(r) + "\"},\"Product\":null}";
    case 1:
    case 2:
      return "{\"Discriminator\":\"Product\",\"Rebate\":null,\"Product\":{\"ProductId\":\"" + Uuid(r) +
             "\",\"AgeCategoryId\":" + OrNull(r, "\"" + Uuid(r) + "\"", 2) +
             ",\"ProductType\":\"Product\"}}";
    default:
      return "null";
  }
}

const char* const kNotes[] = {
    "null", "\"Late check-out\"", "\"Caf\\u00e9 \\\"Zur Post\\\"\\nTable 4\"",
    "\"Zimmer 12 \xe2\x80\x94 Fr\xc3\xbchst\xc3\xbc" "ck\"", "\"\\ud83d\\ude00 birthday\""};
const char* const kTypes[] = {"SpaceOrder", "ProductOrder", "CityTax", "CancellationFee", "Deposit"};

}  // namespace

std::string OrderItemLine(uint64_t seed, uint64_t index) {
  Rng r(seed ^ (index * 0xD1B54A32D192ED03ULL));
  const bool negative = r.Below(10) == 0;
  std::string q = "\"";
  std::string s = "{\"Id\":\"" + Uuid(&r) + "\",\"EnterpriseId\":\"" + Uuid(&r) + "\",\"AccountId\":\"" +
                  Uuid(&r) + "\",\"AccountType\":\"Customer\",\"ServiceId\":\"" + Uuid(&r) +
                  "\",\"ServiceOrderId\":\"" + Uuid(&r) + "\",\"Notes\":" + kNotes[r.Below(5)] +
                  ",\"BillId\":" + OrNull(&r, q + Uuid(&r) + q, 3) + ",\"AccountingCategoryId\":" +
                  OrNull(&r, q + Uuid(&r) + q, 4) + ",\"BillingName\":null,\"ExternalIdentifier\":null" +
                  ",\"UnitCount\":" + std::to_string(1 + r.Below(5)) + ",\"UnitAmount\":" +
                  Amount(&r, negative) + ",\"Amount\":" + Amount(&r, negative) +
                  ",\"OriginalAmount\":" + Amount(&r, negative) +
                  ",\"RevenueType\":\"Service\",\"CreatorProfileId\":\"" + Uuid(&r) +
                  "\",\"UpdaterProfileId\":\"" + Uuid(&r) + "\",\"CreatedUtc\":\"" + Timestamp(&r) +
                  "\",\"UpdatedUtc\":\"" + Timestamp(&r) + "\",\"ConsumedUtc\":\"" + Timestamp(&r) +
                  "\",\"CanceledUtc\":null,\"ClosedUtc\":" + OrNull(&r, q + Timestamp(&r) + q, 2) +
                  ",\"StartUtc\":" + OrNull(&r, q + Timestamp(&r) + q, 2) +
                  ",\"ClaimedUtc\":null,\"AccountingState\":\"Closed\",\"Type\":\"" + kTypes[r.Below(5)] +
                  "\",\"Options\":{\"CanceledWithReservation\":" + (r.Below(2) ? "true" : "false") +
                  "},\"Data\":" + Data(&r) + ",\"TaxExemptionReason\":null}";
  return s;
}

}  // namespace mews::bench
