package rtc.pricing.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * Who a request comes from, for the limits that count per client (connections, bodies in flight, failed logins):
 * the peer of the connection as Vert.x gives it, which is the forwarded address only when Quarkus is configured to
 * trust a proxy ({@code quarkus.http.proxy.*}); an {@code X-Forwarded-For} sent by the client is otherwise ignored.
 * An IPv6 client is its /64 network: one host usually holds a whole /64, and counting single addresses there would
 * give it 2^64 clients.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServerRequest request) {
        return of(request.remoteAddress());
    }

    static String of(SocketAddress peer) {
        if (peer == null) {
            return "unknown";
        }
        String host = peer.hostAddress();
        if (host == null) {
            return peer.path() == null ? "unknown" : "unix:" + peer.path(); // a domain socket: one client
        }
        if (host.indexOf(':') < 0) {
            return host;
        }
        try {
            InetAddress address = InetAddress.getByName(host); // a literal: no name lookup
            byte[] bytes = address.getAddress();
            if (bytes.length != 16) {
                return address.getHostAddress(); // IPv4 mapped into IPv6 is the IPv4 client
            }
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return prefix.append(":/64").toString();
        } catch (UnknownHostException e) {
            return host;
        }
    }
}
