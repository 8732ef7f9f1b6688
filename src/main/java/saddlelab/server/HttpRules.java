package saddlelab.server;

import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * HTTP as the standards say, before anything else reads a request:
 * <ul>
 * <li><b>Host</b> must name this server (RFC 9110 §7.4: 421 otherwise). A page on an attacker's name
 * that resolves to this machine (DNS rebinding) sends its own name as Host and is refused; an IP literal
 * cannot be rebound, so any is accepted, as are {@code localhost} and {@code *.localhost}, this machine's
 * host name (and {@code NAME.local}), the {@code --host} name and {@code --allowed-hosts} (a reverse
 * proxy's public name).
 * <li>No <b>method override</b>: {@code X-HTTP-Method-Override} and its cousins are removed, so a POST
 * is a POST whatever a header says.
 * <li><b>Transfer codings</b> other than plain {@code chunked} are refused with 501 (RFC 9112 §6.1), and
 * a request body with a <b>content coding</b> with 415 (RFC 9110 §15.5.16): the body is read as it is
 * sent, never half-understood.
 * </ul>
 */
final class HttpRules extends Handler.Wrapper {
    private static final Set<String> OVERRIDES = Set.of("x-http-method-override", "x-http-method", "x-method-override");

    private final Set<String> names;
    private final RefusalLog refusals;
    private final ClientNames clients;

    /** {@code names}: the host names (lower case) this server answers to besides IP literals and localhost. */
    HttpRules(Set<String> names, ClientNames clients, RefusalLog refusals) {
        this.names = Set.copyOf(names);
        this.clients = clients;
        this.refusals = refusals;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpFields headers = request.getHeaders();
        String host = request.getHttpURI().getHost();
        if (host != null && !host.isEmpty() && !allowed(host)) {
            return refuse(request, response, callback, 421, "this server does not answer to that host name (a page "
                    + "on another name must not reach it); an operator can add the name with --allowed-hosts",
                    "Host " + host, false);
        }
        String te = headers.get(HttpHeader.TRANSFER_ENCODING);
        if (te != null && !te.trim().equalsIgnoreCase("chunked")) {
            return refuse(request, response, callback, 501, "transfer coding not supported: send the body with "
                    + "Content-Length or Transfer-Encoding: chunked", "Transfer-Encoding " + te, true);
        }
        String ce = headers.get(HttpHeader.CONTENT_ENCODING);
        boolean hasBody = request.getLength() > 0 || te != null;
        if (hasBody && ce != null && !ce.trim().equalsIgnoreCase("identity")) {
            return refuse(request, response, callback, 415, "send the body without a Content-Encoding",
                    "Content-Encoding " + ce, true);
        }
        for (HttpField f : headers) {
            if (OVERRIDES.contains(f.getLowerCaseName())) {
                return super.handle(new Stripped(request), response, callback);
            }
        }
        return super.handle(request, response, callback);
    }

    private boolean refuse(Request request, Response response, Callback callback, int status, String message,
            String what, boolean close) {
        refusals.refused(clients.client(Request.getRemoteAddr(request), request.getHeaders().get("X-Forwarded-For")),
                status, request.getMethod() + " " + request.getHttpURI().getPath() + ": " + what);
        Http.write(response, callback, status, message, close);
        return true;
    }

    /** Whether a Host (without its port) names this server. */
    boolean allowed(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return ClientNames.literal(h) != null || h.equals("localhost") || h.endsWith(".localhost") || names.contains(h);
    }

    /** The names a server answers to: its {@code --host} when a name, this machine's, and the operator's. */
    static Set<String> names(String bindHost, Set<String> allowedHosts) {
        Set<String> out = new java.util.HashSet<>();
        if (ClientNames.literal(bindHost) == null) {
            out.add(bindHost.toLowerCase(Locale.ROOT));
        }
        try {
            String me = java.net.InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            if (ClientNames.literal(me) == null) {
                out.add(me);
                int dot = me.indexOf('.');
                String shortName = dot > 0 ? me.substring(0, dot) : me;
                out.add(shortName);
                out.add(shortName + ".local"); // how students reach a laptop by name (mDNS)
            }
        } catch (java.net.UnknownHostException e) {
            // no name for this machine: addresses and the operator's names still work
        }
        for (String a : allowedHosts) {
            out.add(a.trim().toLowerCase(Locale.ROOT));
        }
        out.remove("");
        return out;
    }

    /** The request without the headers that would override its method. */
    private static final class Stripped extends Request.Wrapper {
        Stripped(Request request) {
            super(request);
        }

        @Override
        public HttpFields getHeaders() {
            HttpFields.Mutable out = HttpFields.build();
            for (HttpField f : super.getHeaders()) {
                if (!OVERRIDES.contains(f.getLowerCaseName())) {
                    out.add(f);
                }
            }
            return out;
        }
    }
}
