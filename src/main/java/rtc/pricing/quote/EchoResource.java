package rtc.pricing.quote;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A trivial JSON echo, the baseline of the HTTP benchmark (bench/): same server, same JSON stack, no pricing.
 * It reads and writes nothing else.
 */
@Path("/v1/echo")
public class EchoResource {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public JsonNode echo(JsonNode body) {
        return body;
    }
}
