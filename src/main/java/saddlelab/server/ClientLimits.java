package saddlelab.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code perClient} open connections from one client — one IPv4 address, or one IPv6 /64 (the
 * block one host gets; counting single IPv6 addresses would give a host 2⁶⁴ allowances). A connection
 * over the cap is closed as it opens. Added to the server as a bean, it attaches itself to every
 * connector when the server starts.
 */
final class ClientLimits extends AbstractLifeCycle implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ClientLimits.class);

    private final Server server;
    private final int perClient;
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private long lastWarning;

    ClientLimits(Server server, int perClient) {
        this.server = server;
        this.perClient = perClient;
    }

    @Override
    protected void doStart() {
        for (Connector c : server.getConnectors()) {
            c.addEventListener(this);
        }
    }

    /** The client a socket address belongs to: the IPv4 address, or the /64 of an IPv6 address. */
    static String key(SocketAddress address) {
        if (address instanceof InetSocketAddress && ((InetSocketAddress) address).getAddress() != null) {
            return key(((InetSocketAddress) address).getAddress());
        }
        return String.valueOf(address);
    }

    static String key(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 4) {
            return a.getHostAddress();
        }
        if (isMappedIpv4(b)) {
            return (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            sb.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
        }
        return sb.append(":/64").toString();
    }

    private static boolean isMappedIpv4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    /**
     * The client key of an address in text (a socket's, or one an X-Forwarded-For names): IPv4 as is,
     * IPv6 by its /64, anything else as given. Only literals are parsed — no name is ever looked up.
     */
    static String key(String address) {
        InetAddress a = literal(address);
        return a == null ? address : key(a);
    }

    /** An IP literal (brackets allowed around IPv6), or null; never a DNS lookup. */
    static InetAddress literal(String text) {
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.isEmpty() || !(t.indexOf(':') >= 0 || t.matches("[0-9.]+"))) {
            return null;
        }
        if (t.indexOf(':') < 0 && !t.matches("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})")) {
            return null;
        }
        if (t.indexOf(':') < 0) {
            for (String part : t.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        } else if (!t.matches("[0-9a-fA-F:.%a-zA-Z]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(t); // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public void onOpened(Connection connection) {
        String client = key(connection.getEndPoint().getRemoteSocketAddress());
        int n = open.compute(client, (k, v) -> {
            AtomicInteger c = v == null ? new AtomicInteger() : v;
            c.incrementAndGet();
            return c;
        }).get();
        if (n > perClient) {
            long now = System.nanoTime();
            if (now - lastWarning > 10_000_000_000L) { // one line per 10 s, not one per connection
                lastWarning = now;
                LOG.warn("{} holds more than {} connections: closing the new ones", client, perClient);
            }
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        String client = key(connection.getEndPoint().getRemoteSocketAddress());
        open.computeIfPresent(client, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
    }

    /** Open connections of a client (for tests and health). */
    int open(String client) {
        AtomicInteger n = open.get(client);
        return n == null ? 0 : n.get();
    }
}
