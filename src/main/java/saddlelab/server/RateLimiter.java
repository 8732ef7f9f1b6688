package saddlelab.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A per-client token bucket: {@code perMinute} requests in a burst, refilled at perMinute/60 per
 * second. Clients are keyed by the socket's address; {@code X-Forwarded-For} is believed only when
 * the socket belongs to a configured proxy (any client can write that header, so trusting it
 * everywhere would let one client rotate it past the limit).
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
        this.perMinute = perMinute;
        this.trustedProxies = trustedProxies;
        this.clock = nanoClock;
    }

    /**
     * The client a request comes from: the socket address, or, behind a trusted proxy, the nearest
     * address in {@code X-Forwarded-For} that is not itself a trusted proxy.
     */
    String client(String socketAddress, String forwardedFor) {
        if (!trustedProxies.contains(socketAddress) || forwardedFor == null || forwardedFor.isBlank()) {
            return socketAddress;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return socketAddress;
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
