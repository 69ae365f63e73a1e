// Reference-set writers, part 1: shared helpers, enterprises, services, accounting categories,
// resource categories and their assignments, resources. Shapes: operations/enterprises.md,
// services.md, accountingcategories.md, resourcecategories.md, resources.md.
#include <iterator>

#include "tools/mews-sim/ref_common.h"
#include "tools/mews-sim/sim_time.h"

namespace mews::sim::internal {
namespace {

std::string Numbered(std::string_view base, uint64_t round, uint32_t revision) {
  std::string s(base);
  if (round > 0) s += " " + std::to_string(round + 1);
  if (revision != 0) s += " (rev " + std::to_string(revision) + ")";
  return s;
}

}  // namespace

void LocalizedNames(RefContext& c, std::string_view key, const Tri& base, uint64_t round) {
  // 0: all three; 1: no en-US; 2: no cs-CZ; 3: en-US only; 4: de-DE only.
  unsigned shape = 0, draw = static_cast<unsigned>(c.rng.Below(100));
  if (draw >= 70) shape = draw < 80 ? 1 : draw < 88 ? 2 : draw < 95 ? 3 : 4;
  c.w.Key(key).BeginObject();
  if (shape != 1 && shape != 4) c.w.Key("en-US").String(Numbered(base.en, round, c.edit.revision));
  if (c.type == RefType::kRateGroup && shape <= 2) shape = 2;  // rate groups: never in cs-CZ
  if (shape != 3) c.w.Key("de-DE").String(Numbered(base.de, round, c.edit.revision));
  if (shape <= 1) c.w.Key("cs-CZ").String(Numbered(base.cs, round, c.edit.revision));
  c.w.EndObject();
}

std::string PlainName(RefContext& c, std::string_view base, uint64_t round) {
  return Numbered(base, round, c.edit.revision);
}

void LocalizedOptional(RefContext& c, std::string_view key, std::string_view en) {
  c.w.Key(key).BeginObject();
  if (c.rng.Percent(40)) c.w.Key("en-US").String(en);
  c.w.EndObject();
}

void IdField(RefContext& c, std::string_view key, RefType type, int64_t index) {
  c.w.Key(key);
  if (index < 0) return c.w.Null();
  c.w.Plain(RefItemId(type, static_cast<uint64_t>(index), c.options.seed));
}

void Time(RefContext& c, std::string_view key, int64_t micros) {
  int digits = micros % 1000 != 0 ? 6 : micros % kMicrosPerSecond != 0 ? 3 : 0;
  c.w.Key(key).Plain(FormatUtc(micros, digits));
}

void ExternalIdentifier(RefContext& c, std::string_view prefix) {
  if (c.rng.Percent(50)) return c.w.Key("ExternalIdentifier").Null();
  c.w.Key("ExternalIdentifier").String(std::string(prefix) + std::to_string(1000 + c.index));
}

void WriteEnterprise(RefContext& c) {
  static constexpr std::string_view kNames[] = {"The Harbour \"Inn\" London", "Hotel München Süd",
                                                "Zoë Hotel Praha"};
  static constexpr std::string_view kLanguages[] = {"en-US", "de-DE", "cs-CZ"};
  static constexpr std::string_view kZones[] = {"Europe/London", "Europe/Berlin", "Europe/Prague"};
  static constexpr std::string_view kCountries[] = {"GB", "DE", "CZ"};
  static constexpr std::string_view kCities[] = {"London", "München", "Praha"};
  size_t k = c.index % 3;
  c.w.BeginObject();
  c.w.Key("Id").Plain(ScopeId(Entity::kOrderItem, static_cast<uint32_t>(c.index), c.options.seed));
  ExternalIdentifier(c, "ENT-");
  c.w.Key("HoldingKey").Null();
  c.w.Key("ChainId").Plain(ScopeId(Entity::kCustomer, static_cast<uint32_t>(c.index), c.options.seed));
  c.w.Key("ChainName").String(c.index % 2 == 0 ? "Zoë & Partners Hotels" : "Süd\\Ost Hotelgruppe");
  Time(c, "CreatedUtc", c.item.created_micros);
  Time(c, "UpdatedUtc", c.item.updated_micros);
  c.w.Key("Name").String(PlainName(c, kNames[k], c.index / 3));
  if (k == 2) c.w.Key("ShortName").String("Zoë Praha"); else c.w.Key("ShortName").Null();
  c.w.Key("TimeZoneIdentifier").Plain(kZones[k]);
  c.w.Key("LegalEnvironmentCode").Plain(k == 1 ? "DE-2020-1" : k == 2 ? "CZ-2019" : "GB");
  c.w.Key("AccommodationEnvironmentCode").Plain(kCountries[k]);
  c.w.Key("AccountingEnvironmentCode").Plain(kCountries[k]);
  c.w.Key("TaxEnvironmentCode").Plain(k == 1 ? "DE-2020-1" : k == 2 ? "CZ-2019" : "GB");
  c.w.Key("DefaultLanguageCode").Plain(kLanguages[k]);
  c.w.Key("EditableHistoryInterval").Plain("P0M7DT0H0M0S");
  c.w.Key("AccountingEditableHistoryInterval").Plain("P0M7DT0H0M0S");
  c.w.Key("OperationalEditableHistoryInterval").Plain("P0M5DT0H0M0S");
  if (k == 1) c.w.Key("BusinessDayClosingOffset").Plain("PT3H"); else c.w.Key("BusinessDayClosingOffset").Null();
  c.w.Key("WebsiteUrl").String("https://hotel-" + std::to_string(c.index) + ".example.com/");
  c.w.Key("Email").String("desk+" + std::to_string(c.index) + "@example.com");
  c.w.Key("Phone").String("+420 555 0" + std::to_string(100 + c.index));
  c.w.Key("LogoImageId").Null();
  c.w.Key("CoverImageId").Null();
  c.w.Key("Pricing").Plain(k == 0 ? "Net" : "Gross");
  if (k == 0) c.w.Key("TaxPrecision").Null(); else c.w.Key("TaxPrecision").Int(2);
  std::string address_id;
  AppendUuid(&address_id, MakeUuid(c.options.seed ^ NameTag("enterprise-address"), c.index));
  c.w.Key("AddressId").Plain(address_id);
  c.w.Key("Address").BeginObject();
  c.w.Key("Id").Plain(address_id);
  static constexpr std::string_view kLines[] = {"12 Wapping High St", "Hauptstraße 5",
                                                "Vinohradská 1511/230"};
  static constexpr std::string_view kPostal[] = {"E1W 1NG", "80331", "100 00"};
  static constexpr std::string_view kLatitudes[] = {"51.504585", "48.137154", "50.075181"};
  static constexpr std::string_view kLongitudes[] = {"-0.060511", "11.576124", "14.429645"};
  c.w.Key("Line1").String(kLines[k]);
  c.w.Key("Line2").Null();
  c.w.Key("City").String(kCities[k]);
  c.w.Key("PostalCode").Plain(kPostal[k]);
  c.w.Key("CountryCode").Plain(kCountries[k]);
  c.w.Key("CountrySubdivisionCode").Null();
  c.w.Key("Latitude").Raw(kLatitudes[k]);
  c.w.Key("Longitude").Raw(kLongitudes[k]);
  c.w.EndObject();
  c.w.Key("GroupNames").BeginArray();
  if (k != 0) c.w.String("Central Europe");
  c.w.EndArray();
  c.w.Key("Subscription").BeginObject();
  c.w.Key("TaxIdentifier").String("CZ" + std::to_string(10000000 + c.index));
  c.w.EndObject();
  Time(c, "LinkedUtc", c.item.created_micros);
  c.w.EndObject();
}

void WriteService(RefContext& c) {
  static constexpr Tri kAdditional[] = {
      {"Restaurant", "Restaurant", "Restaurace"},   {"Spa & Wellness", "Wellness & Spa", "Wellness"},
      {"Parking", "Parken", "Parkování"},           {"Breakfast", "Frühstück", "Snídaně"},
      {"Minibar 🍫", "Minibar 🍫", "Minibar 🍫"},   {"Airport transfer", "Flughafentransfer", "Letištní transfer"},
      {"Meeting rooms", "Tagungsräume", "Konferenční místnosti"}};
  uint32_t e_count = EnterpriseCount(c.options);
  bool bookable = c.index < e_count;
  uint64_t k = bookable ? 0 : (c.index - e_count) % std::size(kAdditional);
  uint64_t round = bookable ? 0 : (c.index - e_count) / std::size(kAdditional);
  Tri name = bookable ? Tri{"Accommodation", "Unterkunft", "Ubytování"} : kAdditional[k];
  c.w.BeginObject();
  c.w.Key("Id").Plain(RefItemId(RefType::kService, c.index, c.options.seed));
  IdField(c, "EnterpriseId", RefType::kEnterprise, c.item.enterprise);
  Time(c, "CreatedUtc", c.item.created_micros);
  Time(c, "UpdatedUtc", c.item.updated_micros);
  c.w.Key("IsActive").Bool(c.item.active);
  c.w.Key("Name").String(PlainName(c, name.en, round));
  LocalizedNames(c, "Names", name, round);
  c.w.Key("Options").BeginObject();
  c.w.Key("BillAsPackage").Bool(bookable);
  c.w.EndObject();
  c.w.Key("Ordering").Int(static_cast<int64_t>(c.index / e_count));
  c.w.Key("Data").BeginObject();
  c.w.Key("Discriminator").Plain(bookable ? "Bookable" : "Additional");
  c.w.Key("Value").BeginObject();
  if (bookable) {
    c.w.Key("StartOffset").Plain("P0M0DT15H0M0S");
    c.w.Key("EndOffset").Plain("P0M0DT12H0M0S");
    c.w.Key("OccupancyStartOffset").Plain("P0M0DT15H0M0S");
    c.w.Key("OccupancyEndOffset").Plain("P0M0DT12H0M0S");
    c.w.Key("TimeUnitPeriod").Plain("Day");
    c.w.Key("TimeUnit").Plain("Day");
  } else {
    c.w.Key("Promotions").BeginObject();
    static constexpr std::string_view kMoments[] = {"BeforeCheckIn", "AfterCheckIn", "DuringStay",
                                                    "BeforeCheckOut", "AfterCheckOut", "DuringCheckOut"};
    for (std::string_view m : kMoments) c.w.Key(m).Bool(c.rng.Percent(40));
    c.w.EndObject();
  }
  c.w.EndObject();
  c.w.EndObject();
  ExternalIdentifier(c, bookable ? "SVCE-Accomm-" : "SVCE-");
  c.w.EndObject();
}

void WriteAccountingCategory(RefContext& c) {
  struct Category { std::string_view name, code, ledger, classification; };
  static constexpr Category kCategories[] = {
      {"Accommodation", "ACC", "602100", "Accommodation"},
      {"Food & Beverage", "FNB", "602200", "FoodAndBeverage"},
      {"Breakfast", "BRK", "602210", "FoodAndBeverage"},
      {"Minibar \"honesty bar\"", "MINI", "602220", "FoodAndBeverage"},
      {"City tax", "CTAX", "343100", "Taxes"},
      {"Card payments", "PAY-CARD", "211300", "Payments"},
      {"Cash", "PAY-CASH", "211000", "Payments"},
      {"Spa & Wellness", "SPA", "602400", "Wellness"},
      {"Parking", "PARK", "602500", "Facilities"},
      {"Cancellation fees \\ no-shows", "CXL", "648100", "SundryIncome"},
      {"Conference & events", "EVT", "602600", "Events"},
      {"Souvenirs – Zoë's shop", "SHOP", "604100", ""}};
  const Category& k = kCategories[(c.index / 3) % std::size(kCategories)];
  uint64_t round = (c.index / 3) / std::size(kCategories);
  c.w.BeginObject();
  c.w.Key("Id").Plain(RefItemId(RefType::kAccountingCategory, c.index, c.options.seed));
  IdField(c, "EnterpriseId", RefType::kEnterprise, c.item.enterprise);
  c.w.Key("IsActive").Bool(c.item.active);
  c.w.Key("Name").String(PlainName(c, k.name, round));
  c.w.Key("Code").String(round == 0 ? std::string(k.code) : std::string(k.code) + std::to_string(round));
  if (c.rng.Percent(30)) c.w.Key("ExternalCode").String("EXT-" + std::string(k.code)); else c.w.Key("ExternalCode").Null();
  c.w.Key("LedgerAccountCode").Plain(k.ledger);
  if (c.rng.Percent(50)) c.w.Key("PostingAccountCode").Plain(k.ledger); else c.w.Key("PostingAccountCode").Null();
  if (c.rng.Percent(20)) c.w.Key("CostCenterCode").Plain("CC-" + std::to_string(c.index % 3)); else c.w.Key("CostCenterCode").Null();
  if (k.classification.empty()) c.w.Key("Classification").Null(); else c.w.Key("Classification").Plain(k.classification);
  Time(c, "CreatedUtc", c.item.created_micros);
  Time(c, "UpdatedUtc", c.item.updated_micros);
  c.w.EndObject();
}

void WriteResourceCategory(RefContext& c) {
  struct Kind { Tri name; std::string_view type, classification; int capacity; };
  static constexpr Kind kKinds[] = {
      {{"Double room", "Doppelzimmer", "Dvoulůžkový pokoj"}, "Room", "DoubleBed", 2},
      {{"Single room", "Einzelzimmer", "Jednolůžkový pokoj"}, "Room", "PrivateBathroom", 1},
      {{"Junior \"Deluxe\" Suite", "Junior-Suite", "Junior apartmá"}, "Suite", "Balcony", 3},
      {{"Family apartment", "Familienapartment", "Rodinný apartmán"}, "Apartment", "Kitchenette", 4},
      {{"Dorm bed 🛏", "Schlafsaalbett 🛏", "Lůžko na pokoji 🛏"}, "Bed", "SharedBathroom", 1},
      {{"River view twin", "Zweibettzimmer Flussblick", "Dvoulůžkový s výhledem na řeku"}, "Room", "RiverView", 2}};
  uint64_t b = std::max<uint64_t>(1, std::min<uint64_t>(EnterpriseCount(c.options),
      c.options.ref_counts[static_cast<size_t>(RefType::kService)]));
  const Kind& k = kKinds[(c.index / b) % std::size(kKinds)];
  uint64_t round = (c.index / b) / std::size(kKinds);
  c.w.BeginObject();
  c.w.Key("Id").Plain(RefItemId(RefType::kResourceCategory, c.index, c.options.seed));
  IdField(c, "EnterpriseId", RefType::kEnterprise, c.item.enterprise);
  IdField(c, "ServiceId", RefType::kService, c.item.service);
  c.w.Key("IsActive").Bool(c.item.active);
  c.w.Key("Type").Plain(k.type);
  c.w.Key("Classification").Plain(k.classification);
  LocalizedNames(c, "Names", k.name, round);
  LocalizedNames(c, "ShortNames", {k.type, k.type, k.type}, round);
  LocalizedOptional(c, "Descriptions", "Quiet, courtyard side.\nNon-smoking.");
  c.w.Key("Ordering").Int(static_cast<int64_t>(c.index / b));
  c.w.Key("Capacity").Int(k.capacity);
  c.w.Key("ExtraCapacity").Int(k.capacity > 1 ? c.rng.Range(0, 2) : 0);
  ExternalIdentifier(c, "RC-");
  if (c.rng.Percent(60)) {
    std::optional<uint64_t> acc = RefPick(RefType::kAccountingCategory,
                                          static_cast<uint32_t>(c.item.enterprise), 0, c.options);
    IdField(c, "AccountingCategoryId", RefType::kAccountingCategory, acc ? static_cast<int64_t>(*acc) : -1);
  } else {
    c.w.Key("AccountingCategoryId").Null();
  }
  c.w.EndObject();
}

void WriteResourceCategoryAssignment(RefContext& c) {
  c.w.BeginObject();
  c.w.Key("Id").Plain(RefItemId(RefType::kResourceCategoryAssignment, c.index, c.options.seed));
  IdField(c, "ResourceId", RefType::kResource, c.item.resource);
  IdField(c, "CategoryId", RefType::kResourceCategory, c.item.category);
  c.w.Key("IsActive").Bool(c.item.active);
  Time(c, "CreatedUtc", c.item.created_micros);
  Time(c, "UpdatedUtc", c.item.updated_micros);
  c.w.EndObject();
}

void WriteResource(RefContext& c) {
  static constexpr std::string_view kStates[] = {"Clean", "Clean", "Inspected", "Dirty",
                                                 "OutOfService", "OutOfOrder"};
  uint64_t floor = 1 + (c.index / 3) / 20, number = (c.index / 3) % 20 + 1;
  c.w.BeginObject();
  c.w.Key("Id").Plain(RefItemId(RefType::kResource, c.index, c.options.seed));
  IdField(c, "EnterpriseId", RefType::kEnterprise, c.item.enterprise);
  c.w.Key("IsActive").Bool(c.item.active);
  c.w.Key("ParentResourceId").Null();
  std::string name = std::to_string(floor * 100 + number);
  if (c.index % 17 == 5) name += "A";
  c.w.Key("Name").String(PlainName(c, name, 0));
  c.w.Key("State").Plain(kStates[c.rng.Below(std::size(kStates))]);
  LocalizedOptional(c, "Descriptions", "Corner room, view of the Vltava");
  Time(c, "CreatedUtc", c.item.created_micros);
  Time(c, "UpdatedUtc", c.item.updated_micros);
  c.w.Key("Data").BeginObject();
  c.w.Key("Discriminator").Plain("Space");
  c.w.Key("Value").BeginObject();
  c.w.Key("FloorNumber").String(std::to_string(floor));
  if (c.rng.Percent(20)) c.w.Key("LocationNotes").String("Building B, wing \"Süd\"");
  else c.w.Key("LocationNotes").Null();
  c.w.EndObject();
  c.w.EndObject();
  c.w.Key("ExternalNames").BeginObject();
  c.w.EndObject();
  LocalizedOptional(c, "Directions", "Lift to floor " + std::to_string(floor) + ", then left");
  c.w.EndObject();
}

}  // namespace mews::sim::internal
