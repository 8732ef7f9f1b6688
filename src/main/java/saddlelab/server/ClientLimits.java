package saddlelab.server;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLEngineResult;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The server's connections, counted per client and in all, so that no client can hold the server and
 * every client that closes its connections is served again.
 *
 * <p><b>Accounting that cannot leak.</b> A connection's client is named once, when it opens (in
 * {@code onClosed} Jetty no longer knows the remote address), and released under that same name
 * exactly once however the connection ends: the client or the server closes it, a reset, an idle
 * timeout, a refusal by a limit here, TLS. A sweep every second releases any connection whose socket
 * is closed but whose close was never reported, so a count cannot drift whatever Jetty does.
 *
 * <p><b>Limits.</b> At most {@code perClient} connections per client ({@link ClientNames}: an IPv4
 * address or an IPv6 /64); a trusted proxy's own connections are exempt, since its clients are
 * limited by the forwarded address at the request level. At most {@code maxConnections} in all. A new
 * connection over either limit does not lock anyone out: the oldest connection that is doing nothing
 * (idle between requests, or still sending a request's head) is closed to make room — the client's own
 * when it is over its share, otherwise one of the client that holds the most. Only when none is idle
 * is the new connection itself closed.
 *
 * <p><b>Slow heads.</b> A request's line and headers must be complete within {@code headDeadline} of
 * their first byte (a TLS handshake likewise), however slowly and steadily they trickle: Jetty's idle
 * timeout restarts at every byte, so without this a client sending one header line every 5 s holds a
 * connection for ever. A connection with nothing to do closes after {@code idleTimeout} (set here on
 * every connector, since this class owns how long connections live).
 */
final class ClientLimits extends AbstractLifeCycle implements Connection.Listener {
    private final Server server;
    private final int perClient;
    private final int maxConnections;
    private final long headDeadlineNanos;
    private final long idleTimeoutMillis;
    private final ClientNames names;
    private final RefusalLog refusals;
    private final LongSupplier clock = System::nanoTime;
    private final ConcurrentHashMap<Connection, Tracked> tracked = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Client> clients = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private volatile Scheduler.Task sweep;

    /** One network connection: whose, since when, and where its current request head started. */
    private static final class Tracked {
        final Connection connection;
        final String client;
        final long opened;
        long headSince = -1;
        long headMessage = -1;
        /** Sweeps that found the socket closed with no close reported. */
        int closedSweeps;

        Tracked(Connection connection, String client, long opened) {
            this.connection = connection;
            this.client = client;
            this.opened = opened;
        }
    }

    /** A client's open connections. */
    private static final class Client {
        final Set<Tracked> open = ConcurrentHashMap.newKeySet();
        final boolean exempt;

        Client(boolean exempt) {
            this.exempt = exempt;
        }
    }

    ClientLimits(Server server, int perClient, int maxConnections, long headDeadlineMillis, long idleTimeoutMillis,
            ClientNames names, RefusalLog refusals) {
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.server = server;
        this.perClient = perClient;
        this.maxConnections = maxConnections;
        this.headDeadlineNanos = TimeUnit.MILLISECONDS.toNanos(headDeadlineMillis);
        this.names = names;
        this.refusals = refusals;
    }

    @Override
    protected void doStart() {
        for (Connector c : server.getConnectors()) {
            c.addEventListener(this);
            if (c instanceof org.eclipse.jetty.server.AbstractConnector) {
                ((org.eclipse.jetty.server.AbstractConnector) c).setIdleTimeout(idleTimeoutMillis);
            }
        }
        scheduleSweep();
    }

    @Override
    protected void doStop() {
        Scheduler.Task t = sweep;
        if (t != null) {
            t.cancel();
        }
    }

    private void scheduleSweep() {
        sweep = server.getScheduler().schedule(() -> {
            try {
                sweep();
            } finally {
                if (isRunning()) {
                    scheduleSweep();
                }
            }
        }, 1, TimeUnit.SECONDS);
    }

    /** The client a socket address belongs to (see {@link ClientNames#key(SocketAddress)}). */
    static String key(SocketAddress address) {
        return ClientNames.key(address);
    }

    @Override
    public void onOpened(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        if (endPoint instanceof SslConnection.SslEndPoint) {
            return; // the HTTP connection inside TLS: its network connection is the one counted
        }
        SocketAddress remote = endPoint.getRemoteSocketAddress();
        String client = key(remote);
        boolean exempt = remote instanceof InetSocketAddress && ((InetSocketAddress) remote).getAddress() != null
                && names.isTrustedProxy(((InetSocketAddress) remote).getAddress().getHostAddress());
        Tracked t = new Tracked(connection, client, clock.getAsLong());
        if (tracked.putIfAbsent(connection, t) != null) {
            return;
        }
        Client c = clients.compute(client, (k, v) -> {
            Client out = v == null ? new Client(exempt) : v;
            out.open.add(t);
            return out;
        });
        total.incrementAndGet();
        // one decision at a time: two connections opened at once on two selector threads must not both
        // count the same crowd and close the same victim
        synchronized (this) {
            if (!c.exempt && c.open.size() > perClient) {
                makeRoom(t, c, false, "more than " + perClient + " connections from one client");
            } else if (total.get() > maxConnections) {
                makeRoom(t, busiest(), true, "more than " + maxConnections + " connections in all");
            }
        }
    }

    /**
     * Closes the oldest idle connection of {@code from} (with {@code anyClient}, any client's when it has
     * none: the total is everyone's; a client's own share is made only from its own), else {@code t}.
     */
    private void makeRoom(Tracked t, Client from, boolean anyClient, String why) {
        Tracked victim = from == null ? null : oldestIdle(from.open, t);
        if (victim == null && anyClient) {
            victim = oldestIdle(tracked.values(), t);
        }
        Tracked closed = victim != null ? victim : t;
        refusals.refused(closed.client, "cut", why + (victim != null ? ": its oldest idle connection closed"
                : ": the new connection closed"));
        closed.connection.getEndPoint().close();
        release(closed.connection); // now, not at onClosed: a closing connection must not count, nor be chosen again
    }

    private Client busiest() {
        Client best = null;
        for (Client c : clients.values()) {
            if (best == null || c.open.size() > best.open.size()) {
                best = c;
            }
        }
        return best;
    }

    private Tracked oldestIdle(Iterable<Tracked> candidates, Tracked except) {
        Tracked best = null;
        for (Tracked c : candidates) {
            if (c != except && (best == null || c.opened < best.opened) && idle(c)) {
                best = c;
            }
        }
        return best;
    }

    /** Doing nothing the server must finish: between requests, or still receiving a request's head. */
    private static boolean idle(Tracked t) {
        HttpConnection http = http(t.connection);
        return http == null ? t.connection.getEndPoint().isOpen() : http.getParser().inHeaderState();
    }

    /** The HTTP/1 connection of a network connection (inside TLS too), or null. */
    private static HttpConnection http(Connection c) {
        if (c instanceof HttpConnection) {
            return (HttpConnection) c;
        }
        if (c instanceof SslConnection) {
            Connection inner = ((SslConnection) c).getSslEndPoint().getConnection();
            return inner instanceof HttpConnection ? (HttpConnection) inner : null;
        }
        return null;
    }

    @Override
    public void onClosed(Connection connection) {
        release(connection);
    }

    /** Releases a connection under the name it was counted with; a second release does nothing. */
    private void release(Connection connection) {
        Tracked t = tracked.remove(connection);
        if (t == null) {
            return;
        }
        total.decrementAndGet();
        clients.computeIfPresent(t.client, (k, v) -> {
            v.open.remove(t);
            return v.open.isEmpty() ? null : v;
        });
    }

    /** Every second: heads past their deadline are cut, closes that were never reported are released. */
    void sweep() {
        long now = clock.getAsLong();
        for (Tracked t : tracked.values()) {
            EndPoint e = t.connection.getEndPoint();
            if (!e.isOpen()) {
                if (++t.closedSweeps >= 2) {
                    release(t.connection);
                }
                continue;
            }
            if (headOverdue(t, now)) {
                refusals.refused(t.client, "cut", "request head not complete within "
                        + TimeUnit.NANOSECONDS.toMillis(headDeadlineNanos) / 1000.0 + " s of its first byte");
                e.close();
                release(t.connection);
            }
        }
    }

    private boolean headOverdue(Tracked t, long now) {
        if (t.connection instanceof SslConnection) {
            SSLEngineResult.HandshakeStatus hs = ((SslConnection) t.connection).getSSLEngine().getHandshakeStatus();
            if (hs != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING && hs != SSLEngineResult.HandshakeStatus.FINISHED
                    && now - t.opened > headDeadlineNanos) {
                return true;
            }
        }
        HttpConnection http = http(t.connection);
        if (http == null) {
            return false;
        }
        boolean inHead = http.getParser().inHeaderState() && !http.getParser().isStart();
        if (!inHead) {
            t.headSince = -1;
            return false;
        }
        long message = http.getMessagesIn();
        if (t.headSince < 0 || t.headMessage != message) {
            t.headSince = now;
            t.headMessage = message;
            return false;
        }
        return now - t.headSince > headDeadlineNanos;
    }

    /** Open connections of a client (for tests and health). */
    int open(String client) {
        Client c = clients.get(client);
        return c == null ? 0 : c.open.size();
    }

    /** Open connections in all. */
    int total() {
        return total.get();
    }

    /** Clients with open connections, and how many each (for tests). */
    Map<String, Integer> byClient() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        clients.forEach((k, v) -> out.put(k, v.open.size()));
        return out;
    }
}
