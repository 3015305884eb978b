package rtc.pricing.quote;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.arc.properties.IfBuildProperty;

/**
 * A trivial JSON echo, the baseline of the HTTP benchmark (bench/): same server, same JSON stack, no pricing.
 * It reads and writes nothing else. Only in a jar built with {@code -Dpricing.bench.echo=true} (as
 * bench/http-bench.sh builds it): the service proper has no echo.
 */
@Path("/v1/echo")
@IfBuildProperty(name = "pricing.bench.echo", stringValue = "true")
public class EchoResource {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public JsonNode echo(JsonNode body) {
        return body;
    }
}
