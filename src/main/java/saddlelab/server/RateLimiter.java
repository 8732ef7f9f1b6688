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
    private final ClientNames names;
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
        this.names = new ClientNames(trustedProxies);
        this.clock = nanoClock;
    }

    /** The client a request comes from ({@link ClientNames#client}). */
    String client(String socketAddress, String forwardedFor) {
        return names.client(socketAddress, forwardedFor);
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
