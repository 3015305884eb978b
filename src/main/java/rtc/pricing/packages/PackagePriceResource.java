package rtc.pricing.packages;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.DiscriminatorMapping;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.databind.node.TextNode;

import rtc.pricing.http.JsonBodies;
import rtc.pricing.problem.Problem;
import rtc.pricing.rules.RuleSet;

/** GET /v1/package-prices: the package catalogue, or the price of one size. Stateless; the rules decide. */
@Path("/v1/package-prices")
@Tag(name = "Pricing")
public class PackagePriceResource {

    @Inject
    PackagePrices prices;
    @Inject
    JsonBodies bodies;

    @GET
    @Operation(operationId = "getPackagePrices", summary = "Package prices",
            description = "Without thousandMinutes: the package catalogue (fixed packages and custom tiers). With it: the price of that size. Stateless, public.")
    @SecurityRequirements
    @Produces(MediaType.APPLICATION_JSON)
    @Parameter(name = "thousandMinutes", in = ParameterIn.QUERY, description = "The size to price, in thousand "
            + "minutes: > 0, whole minutes (at most 3 decimals), at most 1000000. Without it: the catalogue.",
            schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                    pattern = "^[0-9]+(\\.[0-9]+)?$", example = "4000"))
    @Parameter(name = "rulesVersion", in = ParameterIn.QUERY, description = "Answer with this past rules version "
            + "instead of the serving one (a rulesVersion of an earlier answer; GET /v1/rules/versions)",
            schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                    pattern = "^[0-9a-f]{16}$", example = "1e33c65d71244205"))
    @APIResponse(responseCode = "200", description = "With thousandMinutes: its price (PackagePrice); without: the"
            + " catalogue (PackageCatalogue). Money is an exact decimal string in CNY.", content = @Content(
                    mediaType = MediaType.APPLICATION_JSON, schema = @Schema(oneOf = {PackagePrices.Answer.class,
                            PackagePrices.Catalogue.class}, discriminatorProperty = "kind", discriminatorMapping = {
                                    @DiscriminatorMapping(value = "FIXED", schema = PackagePrices.Answer.class),
                                    @DiscriminatorMapping(value = "CUSTOM", schema = PackagePrices.Answer.class),
                                    @DiscriminatorMapping(value = PackagePrices.Catalogue.CATALOGUE,
                                            schema = PackagePrices.Catalogue.class) })))
    @APIResponse(responseCode = "400", description = "A parameter that is unknown, repeated or out of range "
            + "(invalid-input; errors[].pointer is /thousandMinutes or /rulesVersion)", content = @Content(
                    mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No rule set has passed the gate yet (no-rules).",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Object get(@Context UriInfo uri) {
        PackagePrices.Query query = PackagePrices.read(uri.getQueryParameters());
        RuleSet rules = bodies.rules(query.rulesVersion() == null ? null : TextNode.valueOf(query.rulesVersion()));
        return query.thousandMinutes() == null ? prices.catalogue(rules)
                : prices.price(rules, query.thousandMinutes(), null);
    }
}
