package saddlelab.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A per-client token bucket: {@code perMinute} requests in a burst, refilled at perMinute/60 per
 * second. Clients are keyed by the socket's address (an IPv6 client by its /64, the block one host
 * gets); {@code X-Forwarded-For} is believed only when the socket belongs to a configured proxy (any
 * client can write that header, so trusting it everywhere would let one client rotate it past the
 * limit).
 */
final class RateLimiter {
    private static final int MAX_CLIENTS = 100_000;

    private final double perMinute;
    private final Set<String> trustedProxies;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final java.util.function.LongSupplier clock;

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }
    }

    RateLimiter(int perMinute, Set<String> trustedProxies, java.util.function.LongSupplier nanoClock) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("a rate limit must allow at least one request a minute");
        }
        this.perMinute = perMinute;
        Set<String> trusted = new java.util.HashSet<>();
        for (String p : trustedProxies) {
            trusted.add(normal(p));
        }
        this.trustedProxies = trusted;
        this.clock = nanoClock;
    }

    /**
     * The client a request comes from: the socket address, or, behind a trusted proxy, the nearest
     * address in {@code X-Forwarded-For} that is not itself a trusted proxy.
     */
    String client(String socketAddress, String forwardedFor) {
        String socket = normal(socketAddress);
        if (!trustedProxies.contains(socket) || forwardedFor == null || forwardedFor.isBlank()) {
            return ClientLimits.key(socket);
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = normal(hops[i]);
            if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
                return ClientLimits.key(hop);
            }
        }
        return ClientLimits.key(socket);
    }

    /**
     * An address in one spelling: IP literals (IPv6 with or without brackets, any abbreviation) as their
     * canonical text, anything else trimmed. {@code ::1}, {@code [::1]} and {@code [0:0:0:0:0:0:0:1]} are one.
     */
    static String normal(String address) {
        if (address == null) {
            return "";
        }
        java.net.InetAddress a = ClientLimits.literal(address);
        return a == null ? address.trim() : a.getHostAddress();
    }

    /** The proxies of {@code --trust-proxy}: a comma-separated list, each entry trimmed and normalized. */
    static Set<String> proxies(String list) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                out.add(normal(s));
            }
        }
        return out;
    }

    /** Takes a token for the client; false when its bucket is empty. */
    boolean tryAcquire(String client) {
        long now = clock.getAsLong();
        if (buckets.size() > MAX_CLIENTS) {
            evictFull(now);
        }
        Bucket b = buckets.computeIfAbsent(client, k -> new Bucket(perMinute, now));
        synchronized (b) {
            b.tokens = Math.min(perMinute, b.tokens + (now - b.updatedNanos) / 60e9 * perMinute);
            b.updatedNanos = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return true;
            }
            return false;
        }
    }

    /** Seconds until the client's next token. */
    long retryAfterSeconds(String client) {
        Bucket b = buckets.get(client);
        if (b == null) {
            return 0;
        }
        synchronized (b) {
            return (long) Math.ceil((1 - b.tokens) * 60 / perMinute);
        }
    }

    private void evictFull(long now) {
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue().tokens + (now - e.getValue().updatedNanos) / 60e9 * perMinute >= perMinute;
            }
        });
    }
}
