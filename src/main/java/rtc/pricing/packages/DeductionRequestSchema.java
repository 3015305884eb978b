package rtc.pricing.packages;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import rtc.pricing.http.QuoteLimits;

/**
 * The request of POST /v1/deductions as api.md describes it, for the OpenAPI document only: the resource reads the
 * body itself ({@link DeductionRequestReader}) so that every error can name its field. No object accepts other fields.
 */
@Schema(name = "DeductionRequest", additionalProperties = Schema.False.class,
        description = "An account, its packages and its base-service usage, replayed in time order. At most "
                + DeductionRequestReader.MAX_PACKAGES + " packages and " + DeductionRequestReader.MAX_USAGE
                + " usage entries, spanning at most " + QuoteLimits.MAX_REQUEST_DAYS + " days.")
public record DeductionRequestSchema(AccountDoc account,
        @Schema(maxItems = DeductionRequestReader.MAX_PACKAGES) List<PackageDoc> packages,
        @Schema(maxItems = DeductionRequestReader.MAX_USAGE) List<UsageDoc> usage,
        @Schema(pattern = "^[0-9a-f]{16}$", description = "replay with this rules version instead of the serving one")
        String rulesVersion) {

    @Schema(name = "DeductionAccount", additionalProperties = Schema.False.class)
    public record AccountDoc(@Schema(enumeration = {"NEW", "LEGACY"}, defaultValue = "NEW",
            description = "LEGACY: the old billing mode, one unified minute priced by priceBook (required)") String mode,
            @Schema(defaultValue = "false") Boolean postpaid,
            @Schema(enumeration = {"POSTPAID", "STOP"}, defaultValue = "POSTPAID",
                    description = "what happens when the trial runs out without postpaid") String trialExhaustedAction,
            @Schema(nullable = true, description = "a contract price book of the rules; null: list prices")
            String priceBook) {
    }

    @Schema(name = "DeductionPackage", additionalProperties = Schema.False.class)
    public record PackageDoc(@Schema(required = true, maxLength = QuoteLimits.MAX_ID_LENGTH) String packageId,
            @Schema(required = true, enumeration = {"TRIAL", "GENERAL", "LEGACY_VOICE", "LEGACY_SD", "LEGACY_HD"})
            String kind,
            @Schema(required = true, minimum = "1") Long minutes,
            @Schema(minimum = "0", defaultValue = "0", description = "package minutes used before this request, at"
                    + " most minutes") Long used,
            @Schema(required = true, description = "ISO-8601 date-time with an offset: bought, granted or converted")
            String acquiredAt,
            @Schema(nullable = true, format = "date", description = "a GENERAL package converted from an old one:"
                    + " the old package's last valid day, which it keeps") String convertedExpiresOn) {
    }

    @Schema(name = "DeductionUsage", additionalProperties = Schema.False.class)
    public record UsageDoc(@Schema(required = true, maxLength = QuoteLimits.MAX_ID_LENGTH) String appId,
            @Schema(required = true, description = "start of a 5-minute interval of the billing zone, ISO-8601 with"
                    + " an offset") String interval,
            @Schema(required = true, enumeration = {"AUDIO", "VIDEO"}) String category,
            @Schema(nullable = true, description = "the video tier (SD, HD, …); null for AUDIO") String tier,
            @Schema(required = true, minimum = "0") Long seconds) {
    }
}
