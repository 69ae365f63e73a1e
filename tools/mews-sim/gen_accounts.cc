// Generator writers for Reservation, Customer and Company (reference §3.3-§3.5).
#include "tools/mews-sim/gen_common.h"
#include "tools/mews-sim/sim_time.h"

namespace mews::sim::internal {
namespace {

constexpr std::string_view kAccountTypes[] = {"Customer", "Customer", "Customer", "Company"};
constexpr std::string_view kReservationStates[] = {"Confirmed", "Confirmed", "Started", "Processed",
    "Processed", "Canceled", "Optional", "Inquired", "Requested"};
constexpr std::string_view kOrigins[] = {"Distributor", "ChannelManager", "Commander", "Import",
                                         "Connector", "Navigator"};
constexpr std::string_view kCommanderOrigins[] = {"InPerson", "Channel", "Phone", "Email",
    "Website", "Message", "CallCenter", "RoomingList"};
constexpr std::string_view kCancellationReasons[] = {"Other", "ConfirmationMissed",
    "BookedElsewhere", "ForceMajeure", "GuestComplaint", "NoShow", "PriceTooHigh",
    "ServiceNotAvailable", "InputError", "InvalidPayment", "TravelAgency", "RequestedByGuest",
    "Update", "BookingAbandoned", "RequestedByBooker"};
constexpr std::string_view kPurposes[] = {"Leisure", "Business", "Student"};
constexpr std::string_view kTitles[] = {"Mister", "Miss", "Misses"};
constexpr std::string_view kSexes[] = {"Male", "Female"};
constexpr std::string_view kLanguages[] = {"en-GB", "en-US", "de-DE", "cs-CZ", "ja-JP", "fr-FR"};
constexpr std::string_view kCountries[] = {"CZ", "DE", "JP", "BR", "GB", "PL", "US", "FR", "ES"};
constexpr std::string_view kClassifications[] = {"PaymasterAccount", "Blacklist", "Media",
    "LoyaltyProgram", "PreviousComplaint", "Returning", "Staff", "FriendOrFamily", "TopManagement",
    "Important", "VeryImportant", "Problematic", "Cashlist", "DisabledPerson", "Military",
    "Airline", "HealthCompliant", "InRoom", "WaitingForRoom", "Student", "Blocklist"};
constexpr std::string_view kCustomerOptions[] = {"None", "SendMarketingEmails", "Invoiceable",
    "BillAddressObjection", "SendMarketingPostalMail", "SendPartnerMarketingEmails",
    "SendPartnerMarketingPostalMail", "WithdrawCardConsent", "GuestPhotoConsent",
    "IdPhotosConsent"};
constexpr std::string_view kSpaceFeatures[] = {"SeaView", "RiverView", "OceanView", "TwinBeds",
    "DoubleBed", "RollawayBed", "UpperBed", "LowerBed", "Balcony", "AccessibleBathroom",
    "AccessibleRoom", "ElevatorAccess", "HighFloor", "Kitchenette", "AirConditioning",
    "PrivateJacuzzi", "PrivateSauna", "EnsuiteRoom", "PrivateBathroom", "SharedBathroom"};
constexpr std::string_view kCreditRatings[] = {"CreditOk", "PaymentRequiredUpfront",
                                               "LocalDecisionRequired"};
constexpr std::string_view kDocumentKinds[] = {"Passport", "IdentityCard", "Visa", "DriversLicense"};

// An array of 0..max distinct-ish enum values (often empty).
template <size_t N>
void EnumArray(GenContext& c, std::string_view key, const std::string_view (&items)[N], int max) {
  c.w.Key(key).BeginArray();
  int n = c.rng.Percent(50) ? 0 : static_cast<int>(c.rng.Range(1, max));
  size_t start = c.rng.Below(N);
  for (int i = 0; i < n; ++i) c.w.Plain(items[(start + static_cast<size_t>(i) * 3) % N]);
  c.w.EndArray();
}

void PersonCounts(GenContext& c) {
  c.w.Key("PersonCounts").BeginArray();
  int n = static_cast<int>(c.rng.Range(c.rng.Percent(3) ? 0 : 1, 2));
  for (int i = 0; i < n; ++i) {
    c.w.BeginObject();
    std::optional<uint64_t> age = RefPick(RefType::kAgeCategory, c.info.scope_index,
                                          static_cast<uint64_t>(i), *c.options);
    c.w.Key("AgeCategoryId").Plain(RefItemId(RefType::kAgeCategory, age.value_or(i), c.seed));
    c.w.Key("Count").Int(c.rng.Range(1, 3));
    c.w.EndObject();
  }
  c.w.EndArray();
}

void ReservationOptions(GenContext& c) {
  c.w.Key("Options").BeginObject();
  c.w.Key("OwnerCheckedIn").Bool(c.rng.Percent(40));
  c.w.Key("AllCompanionsCheckedIn").Bool(c.rng.Percent(30));
  c.w.Key("AnyCompanionCheckedIn").Bool(c.rng.Percent(35));
  c.w.Key("ConnectorCheckIn").Bool(c.rng.Percent(5));
  c.w.EndObject();
}

void ReservationStay(GenContext& c, int64_t created) {
  int64_t start_day = created / kMicrosPerDay + c.rng.Range(0, 120);
  int64_t start = start_day * kMicrosPerDay + 14 * 3600 * kMicrosPerSecond;
  int64_t end = start + c.rng.Range(1, 9) * kMicrosPerDay - 4 * 3600 * kMicrosPerSecond;
  MaybeTimestamp(c, "ReleasedUtc", start - 7 * kMicrosPerDay, 5);
  TimestampField(c, "ScheduledStartUtc", start);
  MaybeTimestamp(c, "ActualStartUtc", start + c.rng.Range(0, 8 * 3600) * kMicrosPerSecond, 55);
  TimestampField(c, "ScheduledEndUtc", end);
  MaybeTimestamp(c, "ActualEndUtc", end - c.rng.Range(0, 3 * 3600) * kMicrosPerSecond, 45);
  MaybePick(c, "Purpose", kPurposes, 60);
  if (c.rng.Percent(10)) {
    c.w.Key("QrCodeData").Raw(R"("{\"Reservation\":\"R-42\",\"Room\":\"204\"}")");
  } else {
    NullField(c, "QrCodeData");
  }
  PersonCounts(c);
  TimestampField(c, "StartUtc", start);
  TimestampField(c, "EndUtc", end);
}

void IdentityDocument(GenContext& c, std::string_view key, unsigned percent) {
  if (!c.rng.Percent(percent)) return NullField(c, key);
  c.w.Key(key).BeginObject();
  PoolId(c, "Id", "identity-document", 1u << 30);
  c.w.Key("CustomerId");
  UuidValue(c, MakeUuid(c.seed ^ EntityTag(c.entity), c.index));
  c.w.Key("Type").Plain(key);
  MaybeText(c, "Number", "X", 100);
  c.w.Key("Expiration").Plain("2031-05-30");
  NullField(c, "Issuance");
  Pick(c, "IssuingCountryCode", kCountries);
  NullField(c, "IssuingCountrySubdivisionCode");
  c.w.Key("IssuingCity").Raw(R"("Zürich")");
  NullField(c, "IdentityDocumentSupportNumber");
  c.w.EndObject();
}

// RateId .. TravelAgencyId: the reservation's links to other records.
void ReservationLinks(GenContext& c) {
  RefSetId(c, "RateId", RefType::kRate);
  MaybePoolId(c, "CreditCardId", "credit-card", 1u << 24, 50);
  PoolId(c, "GroupId", "reservation-group", 1u << 20);
  int64_t category = RefSetId(c, "RequestedResourceCategoryId", RefType::kResourceCategory);
  MaybeResourceId(c, "AssignedResourceId", category, 70);
  MaybePoolId(c, "AvailabilityBlockId", "availability-block", 500, 10);
  if (c.rng.Percent(10)) RefId(c, "PartnerCompanyId", Entity::kCompany, 2000);
  else NullField(c, "PartnerCompanyId");
  if (c.rng.Percent(15)) RefId(c, "TravelAgencyId", Entity::kCompany, 2000);
  else NullField(c, "TravelAgencyId");
}

}  // namespace

void WriteReservation(GenContext& c) {
  int64_t created, updated;
  ChooseTimes(c, &created, &updated);
  BeginRecord(c);
  RefSetId(c, "ServiceId", RefType::kService, /*bookable=*/true);  // the scope's hotel
  RefId(c, "AccountId", Entity::kCustomer, 10000);
  Pick(c, "AccountType", kAccountTypes);
  PoolId(c, "CreatorProfileId", "profile", 30);
  PoolId(c, "UpdaterProfileId", "profile", 30);
  if (c.rng.Percent(40)) RefId(c, "BookerId", Entity::kCustomer, 10000); else NullField(c, "BookerId");
  c.w.Key("Number").Plain(std::to_string(c.index + 1));
  std::string_view state = kReservationStates[c.rng.Below(std::size(kReservationStates))];
  c.w.Key("State").Plain(state);
  Pick(c, "Origin", kOrigins);
  MaybePick(c, "CommanderOrigin", kCommanderOrigins, 50);
  if (c.edit.revision != 0) c.w.Key("OriginDetails").String("Edited by mews-sim, revision " +
                                                            std::to_string(c.edit.revision));
  else MaybeText(c, "OriginDetails", "Booking.com #", 30);
  TimestampField(c, "CreatedUtc", created);
  TimestampField(c, "UpdatedUtc", updated);
  if (state == "Canceled") TimestampField(c, "CancelledUtc", updated); else NullField(c, "CancelledUtc");
  MaybePoolId(c, "VoucherId", "voucher", 50, 5);
  MaybeRefSetId(c, "BusinessSegmentId", RefType::kBusinessSegment, 60);
  ReservationOptions(c);
  ReservationLinks(c);
  c.w.Key("AssignedResourceLocked").Bool(c.rng.Percent(10));
  MaybeText(c, "ChannelNumber", "BDC-", 40);
  if (c.rng.Percent(10)) c.w.Key("ChannelManagerNumber").Plain(""); else MaybeText(c, "ChannelManagerNumber", "CM", 20);
  if (state == "Canceled") Pick(c, "CancellationReason", kCancellationReasons);
  else NullField(c, "CancellationReason");
  ReservationStay(c, created);
  c.w.EndObject();
}

namespace {

void CustomerContact(GenContext& c) {
  MaybePick(c, "NationalityCode", kCountries, 70);
  MaybePick(c, "PreferredLanguageCode", kLanguages, 50);
  MaybePick(c, "LanguageCode", kLanguages, 60);
  if (c.rng.Percent(40)) {
    c.w.Key("BirthDate");
    c.w.Plain(FormatDate(DaysFromCivil(c.rng.Range(1940, 2008), 1 + c.rng.Below(12),
                                       1 + c.rng.Below(28))));
  } else {
    NullField(c, "BirthDate");
  }
  MaybePick(c, "BirthCountryCode", kCountries, 20);
  NullField(c, "BirthCountrySubdivisionCode");
  if (c.rng.Percent(10)) c.w.Key("BirthPlace").Raw(R"("Saint-Étienne")"); else NullField(c, "BirthPlace");
  if (c.rng.Percent(10)) c.w.Key("Occupation").Raw(R"("Engineer \\ Architect")");
  else NullField(c, "Occupation");
  if (c.rng.Percent(70)) {
    c.w.Key("Email").String("guest" + std::to_string(c.index) + "@example.com");
  } else {
    NullField(c, "Email");
  }
  c.w.Key("HasOtaEmail").Bool(c.rng.Percent(15));
  MaybeText(c, "Phone", "+420 ", 50);
  MaybeText(c, "TaxIdentificationNumber", "CZ", 10);
  MaybeText(c, "LoyaltyCode", "LOY", 15);
  MaybeText(c, "AccountingCode", "AC", 10);
  MaybeText(c, "BillingCode", "BC", 5);
}

}  // namespace

void WriteCustomer(GenContext& c) {
  int64_t created, updated;
  ChooseTimes(c, &created, &updated);
  BeginRecord(c);
  ScopeIdField(c, "ChainId");
  c.w.Key("Number").Plain(std::to_string(1000000000000ULL + c.index));
  MaybePick(c, "Title", kTitles, 60);
  MaybePick(c, "Sex", kSexes, 50);
  FirstName(c, "FirstName", 90);
  LastName(c, "LastName");
  if (c.rng.Percent(5)) c.w.Key("SecondLastName").Raw(R"("de la Peña")");
  else NullField(c, "SecondLastName");
  CustomerContact(c);
  Notes(c, "Notes", 15);
  MaybeText(c, "CarRegistrationNumber", "1AB ", 5);
  if (c.rng.Percent(5)) c.w.Key("DietaryRequirements").Raw(R"("Vegan; no \"hidden\" dairy")");
  else NullField(c, "DietaryRequirements");
  TimestampField(c, "CreatedUtc", created);
  TimestampField(c, "UpdatedUtc", updated);
  MaybePoolId(c, "AddressId", "address", 1u << 30, 40);
  EnumArray(c, "Classifications", kClassifications, 3);
  EnumArray(c, "Options", kCustomerOptions, 3);
  MaybeText(c, "ItalianDestinationCode", "IT", 2);
  MaybeText(c, "ItalianFiscalCode", "RSSMRA", 2);
  MaybeText(c, "ItalianLotteryCode", "LT", 1);
  if (c.rng.Percent(10)) RefId(c, "CompanyId", Entity::kCompany, 2000); else NullField(c, "CompanyId");
  bool merged = c.rng.Percent(3);
  if (merged) RefId(c, "MergeTargetId", Entity::kCustomer, 10000); else NullField(c, "MergeTargetId");
  c.w.Key("IsActive").Bool(!merged && c.rng.Percent(97));
  EnumArray(c, "PreferredSpaceFeatures", kSpaceFeatures, 2);
  PoolId(c, "CreatorProfileId", "profile", 30);
  PoolId(c, "UpdaterProfileId", "profile", 30);
  for (std::string_view kind : kDocumentKinds) IdentityDocument(c, kind, 5);
  LegacyAddress(c, "Address", 20);
  c.w.Key("ActivityState").Plain(c.rng.Percent(97) ? "Active" : "Deleted");
  c.w.EndObject();
}

namespace {

// Options (the examples omit AddTaxDeductedPaymentToInvoices: sparse records do too) and
// CreditRating.
void CompanyOptions(GenContext& c) {
  c.w.Key("Options").BeginObject();
  c.w.Key("Invoiceable").Bool(c.rng.Percent(60));
  c.w.Key("AddFeesToInvoices").Bool(c.rng.Percent(20));
  if (!c.sparse) c.w.Key("AddTaxDeductedPaymentToInvoices").Bool(c.rng.Percent(5));
  c.w.EndObject();
  c.w.Key("CreditRating").BeginObject();
  MaybePick(c, "Basic", kCreditRatings, 60);
  c.w.EndObject();
}

// MotherCompanyId .. InvoiceDueInterval (an ISO 8601 duration).
void CompanyInvoicing(GenContext& c) {
  if (c.rng.Percent(10)) RefId(c, "MotherCompanyId", Entity::kCompany, 2000);
  else NullField(c, "MotherCompanyId");
  if (c.rng.Percent(50)) c.w.Key("InvoicingEmail").Plain("billing@example.com");
  else NullField(c, "InvoicingEmail");
  if (c.rng.Percent(30)) c.w.Key("WebsiteUrl").Plain("https://example.com/?a=1&b=2");
  else NullField(c, "WebsiteUrl");
  static constexpr std::string_view kIntervals[] = {"P14D", "P30D", "P2DT23H", "P0Y0M1DT0H0M0S"};
  MaybePick(c, "InvoiceDueInterval", kIntervals, 50);
}

void CompanyCodes(GenContext& c) {
  MaybeText(c, "Department", "Dept ", 10);
  MaybeText(c, "DunsNumber", "", 10);
  MaybeText(c, "ReferenceIdentifier", "REF", 10);
  MaybeText(c, "AccountingCode", "AC", 20);
  MaybeText(c, "AdditionalTaxIdentifier", "ATI", 10);
  MaybeText(c, "BillingCode", "BC", 5);
  MaybeText(c, "Contact", "+44 20 ", 30);
}

}  // namespace

void WriteCompany(GenContext& c) {
  int64_t created, updated;
  ChooseTimes(c, &created, &updated);
  BeginRecord(c);
  ScopeIdField(c, "ChainId");
  static constexpr std::string_view kNames[] = {R"("Ñúñez Travel s.r.o.")", R"("東京 Trading K.K.")",
      R"("Acme \"Global\" Ltd")", R"("Müller & Söhne GmbH")", R"("Zoë's Café 🍰")",
      R"("Back\\Slash Consulting")", R"("Smith\tPartners")"};
  PickRaw(c, "Name", kNames, std::size(kNames));
  CompanyInvoicing(c);
  CompanyOptions(c);
  CompanyCodes(c);
  // The schema says ContactPerson; the doc examples spell it ContacPerson. Both occur.
  std::string_view person_key = c.rng.Percent(50) ? "ContactPerson" : "ContacPerson";
  if (c.rng.Percent(60)) c.w.Key(person_key).Raw(R"("Zoë Ñúñez")"); else NullField(c, person_key);
  MaybeText(c, "Identifier", "ID", 40);
  static constexpr std::string_view kIata[] = {"PRG", "NRT", "LHR"};
  MaybePick(c, "Iata", kIata, 5);
  c.w.Key("IsActive").Bool(c.rng.Percent(95));
  Notes(c, "Notes", 20);
  // Number is an int64 of up to 19 digits; some use them all.
  c.w.Key("Number").Int(static_cast<int64_t>(c.rng.Percent(10) ? 9000000000000000000ULL + c.index
                                                               : c.index + 1));
  MaybeText(c, "TaxIdentifier", "GB", 40);
  MaybeText(c, "Telephone", "+44 20 ", 40);
  TimestampField(c, "CreatedUtc", created);
  TimestampField(c, "UpdatedUtc", updated);
  MaybePoolId(c, "AddressId", "address", 1u << 30, 50);
  NullField(c, "MergeTargetId");
  MaybeText(c, "ExternalIdentifier", "CRM-", 20);
  MaybeText(c, "ElectronicInvoiceIdentifier", "EI", 5);
  LegacyAddress(c, "Address", 30);
  MaybeText(c, "TaxIdentificationNumber", "GB", 10);
  c.w.EndObject();
}

}  // namespace mews::sim::internal
