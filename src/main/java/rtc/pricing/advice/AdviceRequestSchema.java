package rtc.pricing.advice;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import rtc.pricing.quote.QuoteRequestSchema;

/**
 * The request of POST /v1/package-advice as api.md describes it, for the OpenAPI document only: the resource reads
 * the body itself ({@link AdviceRequestReader}) so that every error can name its field.
 */
@Schema(name = "PackageAdviceRequest", additionalProperties = Schema.False.class,
        description = "Either usage (a month's base-service minutes per item, priced on date) or quote (a POST "
                + "/v1/quotes request whose base-service lines give the minutes), not both.")
public record AdviceRequestSchema(
        @Schema(maxItems = AdviceRequestReader.MAX_USAGE, description = "each item at most once") List<UsageDoc> usage,
        @Schema(description = "Usage form only: the day whose list prices apply, YYYY-MM-DD; default today in the "
                + "billing zone (Asia/Shanghai)", example = "2022-06-01") String date,
        @Schema(implementation = QuoteRequestSchema.class, description = "A POST /v1/quotes request, without "
                + "priceBook or rulesVersion") Object quote,
        @Schema(pattern = "^[0-9a-f]{16}$", description = "answer with this rules version instead of the serving one")
        String rulesVersion) {

    @Schema(name = "PackageAdviceUsage", additionalProperties = Schema.False.class)
    public record UsageDoc(@Schema(required = true, enumeration = {"AUDIO", "VIDEO"}) String category,
            @Schema(nullable = true, description = "VIDEO: the tier of the catalogue (SD, HD, FHD, 2K, 4K); AUDIO: "
                    + "null") String tier,
            @Schema(required = true, minimum = "0", maximum = "1000000000", description = "usage minutes of the "
                    + "month") Long minutes) {
    }
}
