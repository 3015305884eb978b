package rtc.pricing.advice;

import static rtc.pricing.http.OpenApiConventions.DECIMAL;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/** The answer to POST /v1/package-advice (api.md). Money is an exact decimal string in CNY. */
@JsonInclude(Include.NON_NULL)
@Schema(name = "PackageAdvice", description = "Which general package to buy for a month of base-service usage: the"
        + " general minutes it needs, its postpaid price, and the options ranked by total. Money is an exact decimal"
        + " string in CNY.")
public record Advice(
        @Schema(description = "Σ usage minutes × the item's general-package ratio (audio 1, SD 2, HD 4, FHD 9, 2K 16,"
                + " 4K 36 in the 2022 rules)", example = "45000") long generalMinutes,
        @Schema(description = "The month at list prices, no package: Σ minutes × price per 1,000 minutes",
                example = "315.00") String postpaid,
        @Schema(description = "At most 10, the cheapest total first; postpaid only is always one of them")
        List<Option> options,
        @Schema(description = "Per item: its minutes, ratio, general minutes and postpaid price") List<Item> items,
        @Schema(description = "Usage form: the day whose list prices apply (given, or today in the billing zone)."
                + " Absent in the quote form, priced on the quote's own billing days.", example = "2022-06-01")
        String date,
        String rulesVersion) {

    /** One way to pay for the month. */
    @Schema(name = "PackageAdviceOption")
    public record Option(
            @Schema(description = "The packages bought; empty: postpaid only") List<Package> packages,
            @Schema(description = "CNY, the packages' prices summed", example = "302.40", pattern = DECIMAL) String packagePrice,
            @Schema(description = "CNY, the list price of the usage minutes the packages leave uncovered",
                    example = "0.00", pattern = DECIMAL) String postpaidRemainder,
            @Schema(description = "CNY, packagePrice + postpaidRemainder", example = "302.40", pattern = DECIMAL) String total,
            @Schema(description = "Package minutes bought minus general minutes used (a package covers whole usage"
                    + " minutes only)", example = "0") long unusedMinutes,
            @Schema(description = "CNY, postpaid − total; negative when the option costs more than postpaid",
                    example = "12.60", pattern = DECIMAL) String saving) {
    }

    @Schema(name = "PackageAdvicePackage")
    public record Package(@Schema(enumeration = {"FIXED", "CUSTOM"}) String kind,
            @Schema(description = "Size in thousand minutes (custom packages in whole thousands)") long thousandMinutes,
            @Schema(description = "CNY, as GET /v1/package-prices states it") String price) {
    }

    @JsonInclude(Include.ALWAYS)
    @Schema(name = "PackageAdviceItem")
    public record Item(@Schema(enumeration = {"AUDIO", "VIDEO"}) String category,
            @Schema(description = "Video tier; null for audio", nullable = true) String tier,
            @Schema(description = "Usage minutes of the month") long minutes,
            @Schema(description = "General-package minutes one usage minute takes (0: not covered)") int ratio,
            @Schema(description = "minutes × ratio") long generalMinutes,
            @Schema(description = "CNY, the item's minutes at list price") String postpaid) {
    }
}
