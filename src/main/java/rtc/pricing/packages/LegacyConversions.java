package rtc.pricing.packages;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import rtc.pricing.facts.PackageKind;
import rtc.pricing.http.FieldErrors;
import rtc.pricing.rules.RuleSet;

/**
 * POST /v1/legacy-conversions: what old-mode packages convert to in general minutes (policy §6a), by the factors
 * of legacy-plans.drl. The request ({@link Request}) is bound strictly: an unknown field, an unknown or non-old kind,
 * a negative or non-integer {@code remaining}, a date that is not YYYY-MM-DD or a repeated {@code packageId} is a
 * 400 naming it.
 */
public final class LegacyConversions {

    /** Published limits (docs/api.md). */
    public static final int MAX_PACKAGES = 1_000;
    public static final int MAX_ID_LENGTH = 128;
    public static final long MAX_REMAINING = 1_000_000_000_000L;

    /** The body of POST /v1/legacy-conversions. */
    @Schema(name = "LegacyConversionRequest", description = "Old-mode packages, to be told what they convert to.")
    public record Request(
            @NotNull(message = "is required")
            @Size(max = MAX_PACKAGES, message = "holds more than " + MAX_PACKAGES + " packages; at most "
                    + MAX_PACKAGES)
            List<@NotNull(message = "is required") Old> packages,
            @Schema(pattern = "^[0-9a-f]{16}$", nullable = true, description = "convert with this rules version"
                    + " instead of the serving one") String rulesVersion) {

        /** The old packages, after the checks across fields (a real date, no packageId twice); all errors at once. */
        public List<AccountPolicy.OldPackage> checked() {
            FieldErrors errors = new FieldErrors();
            List<AccountPolicy.OldPackage> out = new ArrayList<>();
            Map<String, Integer> ids = new HashMap<>();
            for (int i = 0; i < packages.size(); i++) {
                Old old = packages.get(i);
                String p = "/packages/" + i;
                Integer first = ids.putIfAbsent(old.packageId(), i);
                if (first != null) {
                    errors.add(p + "/packageId", "repeats the packageId of /packages/" + first);
                }
                LocalDate expiresOn = null;
                try {
                    expiresOn = LocalDate.parse(old.expiresOn());
                } catch (DateTimeParseException e) {
                    errors.add(p + "/expiresOn", DATE);
                }
                if (expiresOn != null) {
                    out.add(new AccountPolicy.OldPackage(old.packageId(), PackageKind.valueOf(old.kind().name()),
                            old.remaining(), expiresOn, null));
                }
            }
            errors.throwIfAny();
            return out;
        }
    }

    static final String DATE = "must be a date, YYYY-MM-DD";
    static final String REMAINING = "must be a whole number from 0 to " + MAX_REMAINING;

    /** The kinds of old package: a general one converts to nothing. */
    public enum OldKind { LEGACY_VOICE, LEGACY_SD, LEGACY_HD }

    @Schema(name = "LegacyPackage")
    public record Old(
            @NotNull(message = "is required")
            @Size(min = 1, max = MAX_ID_LENGTH, message = "must be a string of 1 to " + MAX_ID_LENGTH + " characters")
            String packageId,
            @NotNull(message = "is required") OldKind kind,
            @NotNull(message = "is required") @Min(value = 0, message = REMAINING)
            @Max(value = MAX_REMAINING, message = REMAINING) Long remaining,
            @NotNull(message = "is required") @Pattern(regexp = "[0-9]{4}-[0-9]{2}-[0-9]{2}", message = DATE)
            @Schema(format = "date", examples = "2022-12-31") String expiresOn) {
    }

    @Schema(name = "LegacyConversions")
    public record Answer(List<Package> packages, String rulesVersion) {
    }

    @Schema(name = "ConvertedPackage")
    public record Package(String packageId, String kind, long remaining, int factor, long generalMinutes,
            String expiresOn, @Schema(description = "The rule stating the factor") String rule) {
    }

    private LegacyConversions() {
    }

    /** The answer: each package with its factor and general minutes. */
    public static Answer answer(AccountPolicy policy, RuleSet rules, List<AccountPolicy.OldPackage> packages) {
        return new Answer(policy.convert(rules, packages).stream().map(c -> new Package(c.packageId(),
                c.kind().name(), c.remaining(), c.factor(), c.generalMinutes(), c.expiresOn().toString(), c.rule()))
                .toList(), rules.version());
    }
}
