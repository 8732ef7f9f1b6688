package saddlelab.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Who a client is, in one spelling for every limit and log line: an IPv4 address, or the /64 of an IPv6
 * address (the block one host gets; counting single IPv6 addresses would give a host 2⁶⁴ allowances).
 * Behind a trusted proxy ({@code --trust-proxy}) a request's client is the nearest address of
 * {@code X-Forwarded-For} that is not itself a trusted proxy; from any other socket that header is
 * ignored (any client can write it). Only IP literals are parsed, never a name looked up.
 */
final class ClientNames {
    private final Set<String> trustedProxies;

    ClientNames(Set<String> trustedProxies) {
        Set<String> trusted = new HashSet<>();
        for (String p : trustedProxies) {
            trusted.add(normal(p));
        }
        this.trustedProxies = Set.copyOf(trusted);
    }

    /** Whether a socket address (in any spelling) is one of the trusted proxies. */
    boolean isTrustedProxy(String socketAddress) {
        return trustedProxies.contains(normal(socketAddress));
    }

    /**
     * The client a request comes from: the socket address, or, behind a trusted proxy, the nearest
     * address in {@code X-Forwarded-For} that is not itself a trusted proxy.
     */
    String client(String socketAddress, String forwardedFor) {
        String socket = normal(socketAddress);
        if (!trustedProxies.contains(socket) || forwardedFor == null || forwardedFor.isBlank()) {
            return key(socket);
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = normal(hops[i]);
            if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
                return key(hop);
            }
        }
        return key(socket);
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
     * IPv6 by its /64, anything else as given.
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

    /**
     * An address in one spelling: IP literals (IPv6 with or without brackets, any abbreviation) as their
     * canonical text, anything else trimmed. {@code ::1}, {@code [::1]} and {@code [0:0:0:0:0:0:0:1]} are one.
     */
    static String normal(String address) {
        if (address == null) {
            return "";
        }
        InetAddress a = literal(address);
        return a == null ? address.trim() : a.getHostAddress();
    }

    /** The proxies of {@code --trust-proxy}: a comma-separated list, each entry trimmed and normalized. */
    static Set<String> proxies(String list) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                out.add(normal(s));
            }
        }
        return out;
    }
}
