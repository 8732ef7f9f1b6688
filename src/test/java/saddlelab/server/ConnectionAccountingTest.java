package saddlelab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections as people and proxies use them, over real sockets on loopback (clients bind addresses of
 * 127.0.0.0/8 to look like many hosts): a client that connects thousands of times, ending its
 * connections in every way there is, is served every time and leaves nothing counted; a proxy carrying
 * many clients is never locked out; heads that trickle are cut while a fresh client is served.
 */
class ConnectionAccountingTest extends LoopbackTest {
    static final String GET = "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    @TempDir
    Path dir;

    LabServer.Config config() {
        LabServer.Config c = new LabServer.Config();
        c.dataDirectory = dir.resolve("data");
        return c;
    }


    ClientLimits limits() {
        return app.jettyServer().server().getBean(ClientLimits.class);
    }


    /** One GET on a new connection from {@code from}, answered 200 (the connection is left open). */
    Socket served(String from) throws Exception {
        Socket s = connect(from);
        s.getOutputStream().write(GET.getBytes(StandardCharsets.US_ASCII));
        String r = HardeningTest.response(s);
        assertTrue(r.startsWith("HTTP/1.1 200"), "served: " + (r.isEmpty() ? "closed without an answer" : r.split("\r\n")[0]));
        return s;
    }

    static boolean closedByServer(Socket s) {
        try {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            while (true) {
                if (in.read(buf) < 0) {
                    return true;
                }
            }
        } catch (java.io.IOException e) {
            return true;
        }
    }

    /** Waits (bounded) until the server's count of open connections drops to {@code n}; the state, not a sleep. */
    void awaitCount(String client, int n) throws Exception {
        long until = System.nanoTime() + 20_000_000_000L;
        while (limits().open(client) != n && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertEquals(n, limits().open(client), "open connections of " + client + ": " + limits().byClient());
    }

    /**
     * The failure of the last release: the 64th connection of a client's life was refused, for ever.
     * One client now opens 3 000 connections one after another and ends them in every way there is; it
     * is served every time, and nothing stays counted.
     */
    @Test
    void aClientThatConnectsThousandsOfTimesIsServedEveryTimeAndLeavesNothingCounted() throws Exception {
        LabServer.Config c = config();
        c.connectionsPerClient = 8;
        c.idleTimeoutMillis = 500;
        c.headDeadlineMillis = 1000;
        c.tlsKeystore = keystore(dir);
        c.tlsPassword = "classroom";
        c.tlsPort = ClassroomServerTest.freePort();
        c.port = 0;
        start(c);
        String me = "127.0.0.1";
        // the client closes, after its answer
        for (int i = 0; i < 800; i++) {
            served(me).close();
        }
        // the server closes (Connection: close)
        for (int i = 0; i < 800; i++) {
            try (Socket s = connect(me)) {
                s.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                assertTrue(HardeningTest.response(s).startsWith("HTTP/1.1 200"));
                assertTrue(closedByServer(s));
            }
        }
        // a reset mid-request (SO_LINGER 0: RST, not FIN)
        for (int i = 0; i < 800; i++) {
            Socket s = connect(me);
            s.getOutputStream().write("GET /api/hea".getBytes(StandardCharsets.US_ASCII));
            s.setSoLinger(true, 0);
            s.close();
        }
        awaitCount(me, 0);
        // refused over the cap of 8: 40 at once, then all closed
        List<Socket> burst = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            burst.add(connect(me));
        }
        for (Socket s : burst) {
            s.close();
        }
        // the idle timeout, and a head that never completes
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            idle.add(connect(me));
        }
        Socket slowHead = connect(me);
        slowHead.getOutputStream().write("GET /api/health HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        for (Socket s : idle) {
            assertTrue(closedByServer(s), "closed at the idle timeout");
            s.close();
        }
        assertTrue(closedByServer(slowHead), "a head not complete at its deadline is cut");
        slowHead.close();
        // TLS: whole requests, and handshakes abandoned half-way
        SSLContext ssl = trusting(c.tlsKeystore);
        for (int i = 0; i < 100; i++) {
            try (SSLSocket s = (SSLSocket) ssl.getSocketFactory().createSocket()) {
                s.bind(new InetSocketAddress(me, 0));
                s.connect(new InetSocketAddress("127.0.0.1", c.tlsPort), 5000);
                s.setSoTimeout(15_000);
                s.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(HardeningTest.response(s).startsWith("HTTP/1.1 200"));
            }
            if (i % 4 == 0) {
                try (Socket raw = new Socket()) {
                    raw.bind(new InetSocketAddress(me, 0));
                    raw.connect(new InetSocketAddress("127.0.0.1", c.tlsPort), 5000);
                    raw.getOutputStream().write(new byte[] {0x16, 0x03, 0x01}); // the start of a ClientHello
                }
            }
        }
        awaitCount(me, 0);
        assertEquals(0, limits().total(), "nothing counted: " + limits().byClient());
        // and after all that, the client is served as on its first visit, up to its cap at once
        List<Socket> again = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            again.add(served(me));
        }
        for (Socket s : again) {
            s.close();
        }
        awaitCount(me, 0);
    }

    /**
     * A client over its share: its oldest idle connection makes room, so a browser that keeps idle
     * connections open is never refused; only connections all busy at once are capped.
     */
    @Test
    void aClientOverItsShareLosesItsOldestIdleConnectionNotItsNewRequest() throws Exception {
        LabServer.Config c = config();
        c.connectionsPerClient = 4;
        start(c);
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(served("127.0.0.5"));
        }
        Socket fifth = served("127.0.0.5");
        assertTrue(closedByServer(held.get(0)), "the oldest idle connection was closed to make room");
        fifth.close();
        for (Socket s : held) {
            s.close();
        }
        awaitCount("127.0.0.5", 0);
    }

    /**
     * Behind {@code --trust-proxy}: the proxy's connections are never capped (it carries every client),
     * while the rate limits apply to each forwarded client.
     */
    @Test
    void aProxyIsNeverLockedOutAndItsClientsAreLimitedOneByOne() throws Exception {
        LabServer.Config c = config();
        c.connectionsPerClient = 4;
        c.validationsPerMinute = 3;
        c.trustedProxies = LabServer.proxies("127.0.0.9");
        start(c);
        // the proxy holds 40 connections at once, and opens 1 000 one after another
        List<Socket> pooled = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pooled.add(served("127.0.0.9"));
        }
        for (int i = 0; i < 1000; i++) {
            served("127.0.0.9").close();
        }
        for (Socket s : pooled) {
            s.close();
        }
        awaitCount("127.0.0.9", 0);
        // each forwarded client has its own validation budget; other clients keep theirs
        for (int client = 0; client < 20; client++) {
            for (int i = 0; i < 4; i++) {
                try (Socket s = connect("127.0.0.9")) {
                    String body = HardeningTest.SPEC;
                    s.getOutputStream().write(("POST /api/validate HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "X-Forwarded-For: 198.51.100." + client + "\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
                    String r = HardeningTest.response(s);
                    assertTrue(r.startsWith(i < 3 ? "HTTP/1.1 200" : "HTTP/1.1 429"), "forwarded client " + client
                            + ", validation " + (i + 1) + ": " + r.split("\r\n")[0]);
                }
            }
        }
    }

    /**
     * Thousands of connections from 40 addresses trickle their heads a byte at a time, more than the
     * server's total: heads are cut at their deadline, the oldest idle connections make room, and a
     * fresh client is answered within 2 s throughout.
     */
    @Test
    void tricklingHeadsAreCutAndAFreshClientIsServedMeanwhile() throws Exception {
        LabServer.Config c = config();
        c.headDeadlineMillis = 3000;
        c.maxConnections = 1500;
        start(c);
        List<Socket> slow = new ArrayList<>();
        byte[] head = "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 2000; i++) {
            Socket s = connect("127.0.0." + (20 + i % 40));
            sockets.add(s);
            try {
                s.getOutputStream().write(head, 0, 1 + i % 10);
            } catch (java.io.IOException e) {
                // made room for a later one already
            }
            slow.add(s);
        }
        long worst = 0;
        int fresh = 0;
        long until = System.nanoTime() + 6_000_000_000L;
        while (System.nanoTime() < until) {
            for (Socket s : slow) {
                try {
                    s.getOutputStream().write('x');
                } catch (java.io.IOException e) {
                    // cut
                }
            }
            long t0 = System.nanoTime();
            served("127.0.1." + (1 + fresh++ % 200)).close();
            worst = Math.max(worst, (System.nanoTime() - t0) / 1_000_000);
            Thread.sleep(300);
        }
        System.out.printf("2000 trickling heads over a total of %d: a fresh client answered in at most %d ms (%d requests)%n",
                c.maxConnections, worst, fresh);
        assertTrue(worst < 2000, "a fresh client waited " + worst + " ms");
        assertTrue(fresh >= 10, "measured throughout: " + fresh);
        assertTrue(limits().total() <= c.maxConnections, "at most the total: " + limits().total());
        int cut = 0;
        for (Socket s : slow.subList(0, 100)) {
            s.setSoTimeout(5000);
            if (closedByServer(s)) {
                cut++;
            }
        }
        assertEquals(100, cut, "every trickling head is cut");
        for (Socket s : slow) {
            s.close();
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (limits().total() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, limits().total(), "nothing left counted: " + limits().byClient());
    }


}
