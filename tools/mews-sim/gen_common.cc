// Shared value helpers of the generator: ids, timestamps, money and awkward text.
#include <iterator>
#include <string>

#include "tools/mews-sim/gen_common.h"
#include "tools/mews-sim/sim_time.h"

namespace mews::sim::internal {
namespace {

// Pre-escaped JSON string literals: unicode, quotes, backslashes, control escapes, \u escapes.
constexpr std::string_view kFirstNames[] = {
    R"("Anna")",   R"("Zoë")",     R"("José")",    R"("Łukasz")", R"("Søren")",
    R"("美咲")",   R"("Олег")",    R"("François")", R"("Aoife")", R"("Jürgen")",
    R"("\u00c9milie")", R"("Sam")", R"("Mary-Jane")", R"("D'Arcy")", R"("")"};
constexpr std::string_view kLastNames[] = {
    R"("Novák")",  R"("Ñúñez")",   R"("O'Brien")", R"("Müller")", R"("Smith")",
    R"("山田")",   R"("García-López")", R"("Dvořák")", R"("van der Berg")", R"("Nguyễn")",
    R"("Smith \"Smitty\"")", R"("Caf\u00e9")", R"("Back\\slash")", R"("Ødegård 🏔")",
    R"("Brown")", R"("Johnson")"};
constexpr std::string_view kNotes[] = {
    R"("Late check-out requested")",
    R"("Guest said: \"no feathers, please\"")",
    R"("Invoice path C:\\exports\\2024\\bill.pdf")",
    R"("Line one\nLine two\nLine three")",
    R"("Col1\tCol2\tCol3")",
    R"("Allergic to nuts 🥜 — please inform the kitchen")",
    R"("Transfer from 東京 station at 18:00")",
    R"("Caf\u00e9 voucher \u2013 10 %")",
    R"("Windows line\r\nend")",
    R"("")",
    R"("VIP 👑 returning guest, Zoë Ñúñez")",
    R"("Paid at desk / ref #A-113")"};
constexpr std::string_view kCurrencies[] = {"EUR", "EUR", "EUR", "GBP", "USD", "CZK", "CHF"};
constexpr std::string_view kTaxCodes[] = {"DE-2020-1-L", "DE-2020-1-S", "GB-S", "CZ-2019-R",
                                          "US-NY-CITY", "FR-2014-R"};
constexpr int kTaxPercents[] = {7, 19, 20, 15, 9, 10};
constexpr std::string_view kCities[] = {R"("Praha")", R"("München")", R"("東京")",
                                        R"("São Paulo")", R"("London")", R"("Kraków")"};
constexpr std::string_view kCountries[] = {"CZ", "DE", "JP", "BR", "GB", "PL", "US", "FR"};

const std::string& LongNote() {
  static const std::string note = [] {
    std::string s = "\"";
    const std::string para =
        "Room move history: guest moved from 101 to 204 after a \\\"noise\\\" complaint; "
        "minibar reset \\\\ restocked. Préférence: oreiller ferme. 日本語のメモ。 🛎 \\n";
    for (int i = 0; i < 24; ++i) s += para;
    s += "\"";
    return s;
  }();
  return note;
}

struct TimeStyle {
  int64_t value;   // truncated to the digits written
  int digits;      // 0-6
  char extra;      // seventh digit or '\0'
};

TimeStyle StyleFor(const GenContext& c, int64_t raw) {
  if (raw == c.exact_time) return {raw, raw % kMicrosPerSecond != 0 ? 6 : 0, '\0'};
  uint64_t h = Mix64(static_cast<uint64_t>(raw) ^ 0x7f4a7c15ULL);
  unsigned kind = static_cast<unsigned>(h % 10);
  int digits = kind < 4 ? 0 : kind < 7 ? 3 : kind == 7 ? 6 : kind == 8 ? 1 + (h >> 8) % 5 : 6;
  int64_t unit = 1;
  for (int i = digits; i < 6; ++i) unit *= 10;
  char extra = kind == 7 ? static_cast<char>('0' + (h >> 16) % 10) : '\0';
  return {raw - ((raw % unit) + unit) % unit, digits, extra};
}

}  // namespace

void NullField(GenContext& c, std::string_view key) {
  if (c.sparse) return;
  c.w.Key(key);
  c.w.Null();
}

void UuidValue(GenContext& c, Uuid u) {
  char buf[38];
  buf[0] = '"';
  FormatUuid(u, buf + 1);
  buf[37] = '"';
  c.w.Raw(std::string_view(buf, 38));
}

void RefId(GenContext& c, std::string_view key, Entity e, uint64_t range) {
  c.w.Key(key);
  UuidValue(c, MakeUuid(c.seed ^ EntityTag(e), c.rng.Below(range)));
}

void PoolId(GenContext& c, std::string_view key, std::string_view pool, uint64_t size) {
  c.w.Key(key);
  UuidValue(c, MakeUuid(c.seed ^ NameTag(pool), c.rng.Below(size)));
}

void MaybePoolId(GenContext& c, std::string_view key, std::string_view pool, uint64_t size,
                 unsigned percent) {
  if (c.rng.Percent(percent)) PoolId(c, key, pool, size); else NullField(c, key);
}

void ScopeIdField(GenContext& c, std::string_view key) {
  c.w.Key(key);
  uint64_t tag = NameTag(UsesChainScope(c.entity) ? "chain" : "enterprise");
  UuidValue(c, MakeUuid(c.seed ^ tag, c.info.scope_index));
}

int64_t RefSetId(GenContext& c, std::string_view key, RefType type, bool bookable) {
  uint64_t r = c.rng.Next();
  std::optional<uint64_t> index = RefPick(type, c.info.scope_index, r, *c.options, bookable);
  c.w.Key(key).Plain(RefItemId(type, index.value_or(r), c.seed));
  return index ? static_cast<int64_t>(*index) : -1;
}

void MaybeRefSetId(GenContext& c, std::string_view key, RefType type, unsigned percent) {
  if (c.rng.Percent(percent)) RefSetId(c, key, type); else NullField(c, key);
}

void MaybeResourceId(GenContext& c, std::string_view key, int64_t category, unsigned percent) {
  if (!c.rng.Percent(percent)) return NullField(c, key);
  uint64_t r = c.rng.Next();
  std::optional<uint64_t> index =
      category >= 0 ? ResourceInCategory(static_cast<uint64_t>(category), r, *c.options)
                    : RefPick(RefType::kResource, c.info.scope_index, r, *c.options);
  c.w.Key(key).Plain(RefItemId(RefType::kResource, index.value_or(r), c.seed));
}

int64_t Timestamp(GenContext& c, int64_t micros) {
  TimeStyle s = StyleFor(c, micros);
  std::string* out = c.w.out();
  c.w.Raw("\"");
  AppendUtc(out, s.value, s.digits, s.extra);
  out->push_back('"');
  return s.value;
}

void TimestampField(GenContext& c, std::string_view key, int64_t micros) {
  c.w.Key(key);
  Timestamp(c, micros);
}

void MaybeTimestamp(GenContext& c, std::string_view key, int64_t micros, unsigned percent) {
  if (c.rng.Percent(percent)) TimestampField(c, key, micros); else NullField(c, key);
}

void BeginRecord(GenContext& c) {
  c.w.BeginObject();
  c.w.Key("Id");
  UuidValue(c, MakeUuid(c.seed ^ EntityTag(c.entity), c.index));
}

void ChooseTimes(GenContext& c, int64_t* created, int64_t* updated) {
  int64_t raw_updated = c.anchor - kMicrosPerDay - c.rng.Range(0, 729 * kMicrosPerDay);
  int64_t raw_created = c.rng.Percent(30) ? raw_updated
                                          : raw_updated - c.rng.Range(1, 120 * kMicrosPerDay);
  *updated = StyleFor(c, raw_updated).value;
  if (c.edit.updated_micros) {
    *updated = *c.edit.updated_micros;
    c.exact_time = *updated;
    raw_updated = *updated;
  }
  *created = StyleFor(c, raw_created).value;
  if (*created > *updated) *created = raw_created = *updated;
  c.info.updated_micros = *updated;
  // Callers write the raw values; StyleFor maps them to exactly *created / *updated again.
  *created = raw_created;
  *updated = raw_updated;
}

void PickRaw(GenContext& c, std::string_view key, const std::string_view* items, size_t n) {
  c.w.Key(key);
  c.w.Raw(items[c.rng.Below(n)]);
}

void PickPlain(GenContext& c, std::string_view key, const std::string_view* items, size_t n) {
  c.w.Key(key);
  c.w.Plain(items[c.rng.Below(n)]);
}

void FirstName(GenContext& c, std::string_view key, unsigned percent) {
  if (c.rng.Percent(percent)) PickRaw(c, key, kFirstNames, std::size(kFirstNames));
  else NullField(c, key);
}

void LastName(GenContext& c, std::string_view key) {
  PickRaw(c, key, kLastNames, std::size(kLastNames));
}

void Notes(GenContext& c, std::string_view key, unsigned percent) {
  if (c.edit.revision != 0) {
    c.w.Key(key);
    c.w.String("Edited by mews-sim, revision " + std::to_string(c.edit.revision) + " ✎");
  } else if (c.rng.Below(1000) < 5) {
    c.w.Key(key);
    c.w.Raw(LongNote());
  } else if (c.rng.Percent(percent)) {
    PickRaw(c, key, kNotes, std::size(kNotes));
  } else {
    NullField(c, key);
  }
}

void MaybeText(GenContext& c, std::string_view key, std::string_view prefix, unsigned percent) {
  if (!c.rng.Percent(percent)) return NullField(c, key);
  c.w.Key(key);
  std::string s(prefix);
  s += std::to_string(c.rng.Range(1000, 999999));
  c.w.Plain(s);
}

std::string_view Currency(GenContext& c) { return kCurrencies[c.rng.Below(std::size(kCurrencies))]; }

int64_t RandomMoney(GenContext& c) {
  unsigned kind = static_cast<unsigned>(c.rng.Below(100));
  if (kind < 7) return 0;
  if (kind < 19) return -c.rng.Range(1, 500000);
  if (kind < 25) return c.rng.Range(1, 500) * 100;  // whole amounts
  return c.rng.Range(1, 60000);
}

int TaxKind(GenContext& c) { return static_cast<int>(c.rng.Below(std::size(kTaxCodes) + 1)); }

void Amount(GenContext& c, std::string_view key, int64_t net, std::string_view currency,
            int tax_kind) {
  bool untaxed = tax_kind == std::size(kTaxCodes);
  int64_t tax = untaxed ? 0 : net * kTaxPercents[tax_kind] / 100;
  bool trailing_zero = c.rng.Percent(20);
  c.w.Key(key);
  c.w.BeginObject();
  c.w.Key("Currency").Plain(currency);
  c.w.Key("NetValue").Money(net, trailing_zero);
  c.w.Key("GrossValue").Money(net + tax, trailing_zero);
  c.w.Key("TaxValues").BeginArray();
  if (!untaxed) {
    c.w.BeginObject();
    c.w.Key("Code").Plain(kTaxCodes[tax_kind]);
    c.w.Key("Value").Money(tax);
    c.w.EndObject();
  }
  c.w.EndArray();
  c.w.Key("Breakdown").BeginObject();
  c.w.Key("Items").BeginArray();
  c.w.BeginObject();
  c.w.Key("TaxRateCode");
  if (untaxed) c.w.Null(); else c.w.Plain(kTaxCodes[tax_kind]);
  c.w.Key("NetValue").Money(net);
  c.w.Key("TaxValue").Money(tax);
  c.w.EndObject();
  c.w.EndArray();
  c.w.EndObject();
  c.w.EndObject();
}

void LegacyAddress(GenContext& c, std::string_view key, unsigned percent) {
  if (!c.rng.Percent(percent)) return NullField(c, key);
  c.w.Key(key).BeginObject();
  PoolId(c, "Id", "address", 1u << 30);
  c.w.Key("Line1").String("Nádražní " + std::to_string(c.rng.Range(1, 200)));
  NullField(c, "Line2");
  PickRaw(c, "City", kCities, std::size(kCities));
  c.w.Key("PostalCode").Plain(std::to_string(c.rng.Range(10000, 99999)));
  Pick(c, "CountryCode", kCountries);
  NullField(c, "CountrySubdivisionCode");
  c.w.Key("Latitude").Raw("50.0875");
  c.w.Key("Longitude").Raw("-14.421");
  c.w.EndObject();
}

void BillAddress(GenContext& c, std::string_view key, unsigned percent) {
  if (!c.rng.Percent(percent)) return NullField(c, key);
  c.w.Key(key).BeginObject();
  c.w.Key("Line1").String("Rue de l'Église " + std::to_string(c.rng.Range(1, 99)));
  NullField(c, "Line2");
  PickRaw(c, "City", kCities, std::size(kCities));
  c.w.Key("PostalCode").Plain(std::to_string(c.rng.Range(10000, 99999)));
  c.w.Key("SubdivisionCode").Null();
  Pick(c, "CountryCode", kCountries);
  c.w.EndObject();
}

}  // namespace mews::sim::internal
