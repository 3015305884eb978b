package rtc.pricing.packages;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import rtc.pricing.facts.PackageKind;
import rtc.pricing.http.JsonInput;
import rtc.pricing.rules.RuleSet;

/**
 * POST /v1/legacy-conversions: what old-mode packages convert to in general minutes (policy §6a), by the factors
 * of legacy-plans.drl. The request is read strictly: an unknown field, an unknown or non-old kind, a negative or
 * non-integer {@code remaining}, a date that is not YYYY-MM-DD or a repeated {@code packageId} is a 400 naming it.
 */
public final class LegacyConversions {

    /** Published limits (docs/api.md). */
    public static final int MAX_PACKAGES = 1_000;
    public static final int MAX_ID_LENGTH = 128;
    public static final long MAX_REMAINING = 1_000_000_000_000L;

    private static final Set<PackageKind> OLD = EnumSet.of(PackageKind.LEGACY_VOICE, PackageKind.LEGACY_SD,
            PackageKind.LEGACY_HD);

    @Schema(name = "LegacyConversionRequest", additionalProperties = Schema.False.class)
    public record Request(@Schema(required = true, maxItems = MAX_PACKAGES) List<Old> packages, String rulesVersion) {
    }

    @Schema(name = "LegacyPackage", additionalProperties = Schema.False.class)
    public record Old(@Schema(required = true, maxLength = MAX_ID_LENGTH) String packageId,
            @Schema(required = true, enumeration = {"LEGACY_VOICE", "LEGACY_SD", "LEGACY_HD"}) String kind,
            @Schema(required = true, minimum = "0", maximum = "1000000000000") long remaining,
            @Schema(required = true, format = "date") String expiresOn) {
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

    /** The old packages of a request body; every error at once, by JSON Pointer. */
    public static List<AccountPolicy.OldPackage> read(JsonNode body) {
        JsonInput in = new JsonInput();
        List<AccountPolicy.OldPackage> out = new ArrayList<>();
        if (!in.object(body, "", true)) {
            in.done();
        }
        in.known(body, "", Set.of("packages", "rulesVersion"));
        JsonNode packages = body.get("packages");
        if (packages == null || packages.isNull()) {
            in.error("/packages", "is required");
        } else if (!packages.isArray()) {
            in.error("/packages", "must be an array");
        } else if (packages.size() > MAX_PACKAGES) {
            in.error("/packages", "holds " + packages.size() + " packages; at most " + MAX_PACKAGES);
        } else {
            Map<String, Integer> ids = new HashMap<>();
            for (int i = 0; i < packages.size(); i++) {
                String p = "/packages/" + i;
                JsonNode node = packages.get(i);
                if (!in.object(node, p, true)) {
                    continue;
                }
                in.known(node, p, Set.of("packageId", "kind", "remaining", "expiresOn"));
                String id = in.text(node, p, "packageId", MAX_ID_LENGTH);
                PackageKind kind = in.oneOf(node, p, "kind", PackageKind.class, OLD);
                Long remaining = in.integer(node, p, "remaining", true, 0, MAX_REMAINING);
                var expiresOn = in.date(node, p, "expiresOn", true);
                if (id != null) {
                    Integer first = ids.putIfAbsent(id, i);
                    if (first != null) {
                        in.error(p + "/packageId", "repeats the packageId of /packages/" + first);
                    }
                }
                if (id != null && kind != null && remaining != null && expiresOn != null) {
                    out.add(new AccountPolicy.OldPackage(id, kind, remaining, expiresOn, null));
                }
            }
        }
        in.done();
        return out;
    }

    /** The answer: each package with its factor and general minutes. */
    public static Answer answer(AccountPolicy policy, RuleSet rules, List<AccountPolicy.OldPackage> packages) {
        return new Answer(policy.convert(rules, packages).stream().map(c -> new Package(c.packageId(),
                c.kind().name(), c.remaining(), c.factor(), c.generalMinutes(), c.expiresOn().toString(), c.rule()))
                .toList(), rules.version());
    }
}
