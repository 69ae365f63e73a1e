// Reference-set writers, part 2: rates, rate groups, business segments, sources, age
// categories, products and the taxations, and AppendRefRecord. Shapes: operations/rates.md,
// rategroups.md, businesssegments.md, sources.md, agecategories.md, products.md, taxations.md.
#include <algorithm>
#include <iterator>

#include "tools/mews-sim/ref_common.h"
#include "tools/mews-sim/sim_time.h"

namespace mews::sim::internal {
namespace {

uint64_t BookableCount(const GeneratorOptions& o) {
  return std::max<uint64_t>(1, std::min<uint64_t>(EnterpriseCount(o),
                                                  o.ref_counts[static_cast<size_t>(RefType::kService)]));
}

int64_t Index(std::optional<uint64_t> i) { return i ? static_cast<int64_t>(*i) : -1; }

void Promotions(RefContext& c) {
  c.w.Key("Promotions").BeginObject();
  static constexpr std::string_view kMoments[] = {"BeforeCheckIn", "AfterCheckIn", "DuringStay",
                                                  "BeforeCheckOut", "AfterCheckOut", "DuringCheckOut"};
  for (std::string_view m : kMoments) c.w.Key(m).Bool(c.rng.Percent(30));
  c.w.EndObject();
}

// Price: an Amount in EUR taxed at one of the fact generator's tax rates.
void Price(RefContext& c, int64_t net_hundredths, bool city_tax) {
  std::string_view code = city_tax ? "US-NY-CITY" : c.rng.Percent(50) ? "DE-2020-1-L" : "CZ-2019-R";
  int percent = city_tax ? 9 : code == "DE-2020-1-L" ? 7 : 15;
  int64_t tax = net_hundredths * percent / 100;
  c.w.Key("Price").BeginObject();
  c.w.Key("Currency").Plain("EUR");
  c.w.Key("NetValue").Money(net_hundredths);
  c.w.Key("GrossValue").Money(net_hundredths + tax);
  c.w.Key("TaxValues").BeginArray();
  c.w.BeginObject();
  c.w.Key("Code").Plain(code);
  c.w.Key("Value").Money(tax);
  c.w.EndObject();
  c.w.EndArray();
  c.w.Key("Breakdown").BeginObject();
  c.w.Key("Items").BeginArray();
  c.w.BeginObject();
  c.w.Key("TaxRateCode").Plain(code);
  c.w.Key("NetValue").Money(net_hundredths);
  c.w.Key("TaxValue").Money(tax);
  c.w.EndObject();
  c.w.EndArray();
  c.w.EndObject();
  c.w.EndObject();
}

}  // namespace

void WriteRate(RefContext& c) {
  static constexpr Tri kNames[] = {
      {"Best available rate", "Bester verfügbarer Preis", "Nejlepší dostupná cena"},
      {"Non-refundable", "Nicht erstattbar", "Nevratná"},
      {"Bed & Breakfast", "Übernachtung mit Frühstück", "Ubytování se snídaní"},
      {"Corporate \"ACME\"", "Firmenrate \"ACME\"", "Firemní \"ACME\""},
      {"Early bird 🐦", "Frühbucher 🐦", "Včasná rezervace 🐦"},
      {"Long stay (7+ nights)", "Langzeitaufenthalt (7+ Nächte)", "Dlouhodobý pobyt (7+ nocí)"},
      {"Spa weekend \\ package", "Wellness-Wochenende \\ Paket", "Wellness víkend \\ balíček"},
      {"Group block", "Gruppenkontingent", "Skupinová alotace"}};
  static constexpr std::string_view kTypes[] = {"Public", "Public", "Private", "AvailabilityBlock"};
  uint64_t b = BookableCount(c.options), position = c.index / b;
  const Tri& name = kNames[position % std::size(kNames)];
  uint64_t round = position / std::size(kNames);
  c.w.BeginObject();
  c.w.Key("Id").Plain(RefItemId(RefType::kRate, c.index, c.options.seed));
  IdField(c, "GroupId", RefType::kRateGroup, c.item.group);
  IdField(c, "ServiceId", RefType::kService, c.item.service);
  IdField(c, "BaseRateId", RefType::kRate, position == 0 ? -1 : static_cast<int64_t>(c.index % b));
  c.w.Key("IsBaseRate").Bool(position == 0);
  int64_t segment = c.rng.Percent(70) ? Index(RefPick(RefType::kBusinessSegment,
      static_cast<uint32_t>(std::max<int64_t>(c.item.enterprise, 0)), position, c.options)) : -1;
  IdField(c, "BusinessSegmentId", RefType::kBusinessSegment, segment);
  c.w.Key("IsActive").Bool(c.item.active);
  c.w.Key("IsEnabled").Bool(c.item.active && c.rng.Percent(90));
  std::string_view type = position == 0 ? "Public" : kTypes[c.rng.Below(std::size(kTypes))];
  c.w.Key("IsPublic").Bool(type == "Public");
  c.w.Key("IsDefault").Bool(position == 0);
  c.w.Key("Type").Plain(type);
  c.w.Key("Name").String(PlainName(c, name.en, round));
  LocalizedNames(c, "Names", name, round);
  if (c.rng.Percent(60)) c.w.Key("ShortName").String(PlainName(c, name.en.substr(0, 3), round));
  else c.w.Key("ShortName").Null();
  Time(c, "UpdatedUtc", c.item.updated_micros);
  LocalizedOptional(c, "ExternalNames", name.en);
  LocalizedOptional(c, "Description", "Includes free Wi-Fi.\tCancel until 18:00.");
  ExternalIdentifier(c, "RATE-");
  c.w.Key("TaxExemptionReason").Null();
  c.w.Key("TaxExemptionLegalReference").Null();
  c.w.EndObject();
}

void WriteRateGroup(RefContext& c) {
  static constexpr Tri kNames[] = {{"Retail", "Einzelhandel", "Maloobchod"},
                                   {"Corporate & groups", "Firmen & Gruppen", "Firmy a skupiny"},
                                   {"Packages", "Pakete", "Balíčky"}};
  uint64_t position = c.index / BookableCount(c.options);
  c.w.BeginObject();
  c.w.Key("Id").Plain(RefItemId(RefType::kRateGroup, c.index, c.options.seed));
  IdField(c, "ServiceId", RefType::kService, c.item.service);
  c.w.Key("IsActive").Bool(c.item.active);
  Time(c, "CreatedUtc", c.item.created_micros);
  Time(c, "UpdatedUtc", c.item.updated_micros);
  c.w.Key("Ordering").Int(static_cast<int64_t>(position));
  LocalizedNames(c, "Names", kNames[position % std::size(kNames)], position / std::size(kNames));
  LocalizedOptional(c, "ShortNames", "RG");
  LocalizedOptional(c, "Descriptions", "Rates sold to the public");
  ExternalIdentifier(c, "RG-");
  c.w.EndObject();
}

void WriteBusinessSegment(RefContext& c) {
  static constexpr std::string_view kNames[] = {"Leisure", "Corporate", "Groups – MICE", "OTA",
                                                "Crew & airline", "Long-stay \"extended\""};
  uint64_t position = c.index / BookableCount(c.options);
  c.w.BeginObject();
  c.w.Key("Id").Plain(RefItemId(RefType::kBusinessSegment, c.index, c.options.seed));
  IdField(c, "ServiceId", RefType::kService, c.item.service);
  c.w.Key("IsActive").Bool(c.item.active);
  c.w.Key("Name").String(PlainName(c, kNames[position % std::size(kNames)], position / std::size(kNames)));
  Time(c, "CreatedUtc", c.item.created_micros);
  Time(c, "UpdatedUtc", c.item.updated_micros);
  c.w.EndObject();
}

void WriteSource(RefContext& c) {
  struct Kind { std::string_view name, type; };
  static constexpr Kind kKinds[] = {
      {"Booking.com", "OnlineTravelAgency"}, {"Expedia", "OnlineTravelAgency"},
      {"Airbnb", "OnlineTravelAgency"}, {"SynXis CRS", "CentralReservationSystem"},
      {"Amadeus GDS", "GlobalDistributionSystem"}, {"Mews Booking Engine", "OnlineBookingEngine"},
      {"Lobby kiosk", "Kiosk"}, {"Reisebüro Müller & Söhne", "Agent"},
      {"HRS", "AlternativeDistributionSystem"}, {"Tripadvisor \"Instant\"", "OnlineTravelAgency"},
      {"Cvent", "SalesAndCateringSystem"}, {"Opera PMS (legacy)", "PropertyManagementSystem"},
      {"TUI", "TourOperatorSystem"}, {"Trip.com 携程", "OnlineTravelAgency"}};
  const Kind& k = kKinds[c.index % std::size(kKinds)];
  c.w.BeginObject();
  c.w.Key("Id").Plain(RefItemId(RefType::kSource, c.index, c.options.seed));
  c.w.Key("Name").String(PlainName(c, k.name, c.index / std::size(kKinds)));
  c.w.Key("Type").Plain(k.type);
  Time(c, "UpdatedUtc", c.item.updated_micros);
  c.w.Key("Code").Int(static_cast<int64_t>(100 + c.index));
  c.w.EndObject();
}

void WriteAgeCategory(RefContext& c) {
  uint64_t position = c.index / BookableCount(c.options);
  bool adult = position % 2 == 0;
  static constexpr Tri kAdult = {"Adults", "Erwachsene", "Dospělí"};
  static constexpr Tri kChild = {"Children (3–12)", "Kinder (3–12)", "Děti (3–12)"};
  c.w.BeginObject();
  c.w.Key("Id").Plain(RefItemId(RefType::kAgeCategory, c.index, c.options.seed));
  IdField(c, "ServiceId", RefType::kService, c.item.service);
  if (adult) { c.w.Key("MinimalAge").Int(18); c.w.Key("MaximalAge").Null(); }
  else { c.w.Key("MinimalAge").Int(3); c.w.Key("MaximalAge").Int(12); }
  LocalizedNames(c, "Names", adult ? kAdult : kChild, position / 2);
  LocalizedOptional(c, "ShortNames", adult ? "Ad" : "Ch");
  Time(c, "CreatedUtc", c.item.created_micros);
  Time(c, "UpdatedUtc", c.item.updated_micros);
  c.w.Key("Classification").Plain(adult ? "Adult" : "Child");
  c.w.Key("IsActive").Bool(c.item.active);
  ExternalIdentifier(c, "AGE-");
  c.w.EndObject();
}

void WriteProduct(RefContext& c) {
  struct Kind { Tri name; std::string_view charging, food; int64_t price; };
  static constexpr Kind kKinds[] = {
      {{"Breakfast", "Frühstück", "Snídaně"}, "PerPersonPerTimeUnit", "Food", 1850},
      {{"Espresso ☕", "Espresso ☕", "Espresso ☕"}, "Once", "Beverage", 350},
      {{"City tax", "Kurtaxe", "Městský poplatek"}, "PerPersonPerTimeUnit", "CityTax", 250},
      {{"Late check-out", "Später Check-out", "Pozdní odjezd"}, "Once", "Fee", 3000},
      {{"Sauna \"private\"", "Sauna \"privat\"", "Sauna \"soukromá\""}, "Once", "Wellness", 4500},
      {{"Parking per night", "Parken pro Nacht", "Parkování za noc"}, "PerTimeUnit", "", 2200}};
  const Kind& k = kKinds[(c.index / EnterpriseCount(c.options)) % std::size(kKinds)];
  uint64_t round = (c.index / EnterpriseCount(c.options)) / std::size(kKinds);
  c.w.BeginObject();
  c.w.Key("Id").Plain(RefItemId(RefType::kProduct, c.index, c.options.seed));
  IdField(c, "ServiceId", RefType::kService, c.item.service);
  if (c.rng.Percent(50)) {
    c.w.Key("CategoryId").Null();
  } else {
    std::string category;
    AppendUuid(&category, MakeUuid(c.options.seed ^ NameTag("product-category"), c.index % 4));
    c.w.Key("CategoryId").Plain(category);
  }
  IdField(c, "AccountingCategoryId", RefType::kAccountingCategory,
          Index(RefPick(RefType::kAccountingCategory, static_cast<uint32_t>(c.item.enterprise),
                        c.index / 3, c.options)));
  c.w.Key("IsActive").Bool(c.item.active);
  LocalizedNames(c, "Names", k.name, round);
  LocalizedOptional(c, "ExternalNames", k.name.en);
  LocalizedNames(c, "ShortNames", k.name, round);
  LocalizedOptional(c, "Descriptions", "Served 7:00–10:30\nin the lobby");
  c.w.Key("ChargingMode").Plain(k.charging);
  c.w.Key("PostingMode").Plain(k.charging == "Once" ? "Once" : "PerTimeUnit");
  c.w.Key("Options").BeginObject();
  c.w.Key("BillAsPackage").Bool(c.rng.Percent(30));
  c.w.Key("ExcludePriceFromOffer").Bool(c.rng.Percent(10));
  c.w.EndObject();
  Promotions(c);
  c.w.Key("Classifications").BeginObject();
  for (std::string_view key : {"Food", "Beverage", "Wellness", "CityTax", "Fee"}) {
    c.w.Key(key).Bool(key == k.food);
  }
  c.w.EndObject();
  Price(c, k.price + static_cast<int64_t>(round) * 100, k.food == "CityTax");
  c.w.Key("ImageIds").BeginArray();
  c.w.EndArray();
  c.w.Key("Ordering").Int(static_cast<int64_t>(c.index));
  ExternalIdentifier(c, "PRD-");
  c.w.Key("TaxExemptionReason").Null();
  c.w.Key("TaxExemptionLegalReference").Null();
  Time(c, "CreatedUtc", c.item.created_micros);
  Time(c, "UpdatedUtc", c.item.updated_micros);
  c.w.Key("ConsumptionMoment").Plain(k.charging == "Once" ? "PostingTimeUnit" : "ServiceOrderStart");
  c.w.Key("IsDefault").Bool(false);
  c.w.Key("Name").String(PlainName(c, k.name.en, round));
  c.w.Key("ExternalName").Null();
  c.w.Key("ShortName").Null();
  c.w.Key("Description").Null();
  c.w.EndObject();
}

}  // namespace mews::sim::internal

namespace mews::sim {
namespace {

using WriteFn = void (*)(internal::RefContext&);
constexpr WriteFn kWriters[kRefTypeCount] = {
    internal::WriteEnterprise,        internal::WriteService,
    internal::WriteAccountingCategory, internal::WriteResourceCategory,
    internal::WriteResourceCategoryAssignment, internal::WriteResource,
    internal::WriteRate,              internal::WriteRateGroup,
    internal::WriteBusinessSegment,   internal::WriteSource,
    internal::WriteAgeCategory,       internal::WriteProduct};

}  // namespace

RefItem AppendRefRecord(RefType type, uint64_t index, const GeneratorOptions& options,
                        const RecordEdit& edit, std::string* out) {
  RefItem item = DescribeRef(type, index, options, edit);
  JsonOut w(out);
  Rng rng(Mix64(options.seed ^ NameTag(RefTypeName(type))) ^ Mix64(index + 0x51ed27));
  internal::RefContext c{w, rng, type, index, options, edit, item};
  kWriters[static_cast<size_t>(type)](c);
  return item;
}

std::string TaxationsJson() {
  return R"({"Taxations":[)"
         R"({"Code":"DE-2020-1","Name":"Germany VAT","LocalName":"Deutschland MwSt."},)"
         R"({"Code":"GB","Name":"United Kingdom VAT","LocalName":"United Kingdom VAT"},)"
         R"({"Code":"CZ-2019","Name":"Czech VAT","LocalName":"DPH Česká republika"},)"
         R"({"Code":"US-NY","Name":"New York taxes","LocalName":"New York taxes"},)"
         R"({"Code":"FR-2014","Name":"France TVA","LocalName":"TVA \"France\""}],)"
         R"("TaxRates":[)"
         R"({"Code":"DE-2020-1-L","TaxationCode":"DE-2020-1","Value":0.07,"ValidityInvervalsUtc":[{"StartUtc":"2020-12-31T23:00:00Z","EndUtc":null}],"Strategy":{"Discriminator":"Relative","Value":{"Value":0.07}}},)"
         R"({"Code":"DE-2020-1-L-H2","TaxationCode":"DE-2020-1","Value":0.05,"ValidityInvervalsUtc":[{"StartUtc":"2020-06-30T22:00:00Z","EndUtc":"2020-12-31T23:00:00Z"}],"Strategy":{"Discriminator":"Relative","Value":{"Value":0.05}}},)"
         R"({"Code":"DE-2020-1-S","TaxationCode":"DE-2020-1","Value":0.19,"ValidityInvervalsUtc":[{"StartUtc":"2020-12-31T23:00:00Z","EndUtc":null}],"Strategy":{"Discriminator":"Relative","Value":{"Value":0.19}}},)"
         R"({"Code":"GB-S","TaxationCode":"GB","Value":0.2,"ValidityInvervalsUtc":null,"Strategy":{"Discriminator":"Relative","Value":{"Value":0.2}}},)"
         R"({"Code":"GB-Z","TaxationCode":"GB","Value":0,"ValidityInvervalsUtc":null,"Strategy":{"Discriminator":"Relative","Value":{"Value":0}}},)"
         R"({"Code":"CZ-2019-R","TaxationCode":"CZ-2019","Value":0.15,"ValidityInvervalsUtc":[{"StartUtc":"2018-12-31T23:00:00Z","EndUtc":"2023-12-31T23:00:00Z"}],"Strategy":{"Discriminator":"Relative","Value":{"Value":0.15}}},)"
         R"({"Code":"CZ-2024-R","TaxationCode":"CZ-2019","Value":0.12,"ValidityInvervalsUtc":[{"StartUtc":"2023-12-31T23:00:00Z","EndUtc":null}],"Strategy":{"Discriminator":"Relative","Value":{"Value":0.12}}},)"
         R"({"Code":"US-NY-CITY","TaxationCode":"US-NY","Value":0.09,"ValidityInvervalsUtc":[],"Strategy":{"Discriminator":"Relative","Value":{"Value":0.09}}},)"
         R"({"Code":"US-NY-STATE","TaxationCode":"US-NY","Value":0.04,"ValidityInvervalsUtc":[],"Strategy":{"Discriminator":"Dependent","Value":{"Value":0.04,"BaseTaxationCodes":["GB"]}}},)"
         R"({"Code":"US-NY-OCC","TaxationCode":"US-NY","Value":2,"ValidityInvervalsUtc":[],"Strategy":{"Discriminator":"Flat","Value":{"CurrencyCode":"USD","Value":2}}},)"
         R"({"Code":"FR-2014-R","TaxationCode":"FR-2014","Value":0.1,"ValidityInvervalsUtc":[{"StartUtc":"2013-12-31T23:00:00Z","EndUtc":null}],"Strategy":{"Discriminator":"Relative","Value":{"Value":0.1}}}]})";
}

}  // namespace mews::sim
