package saddlelab.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of refused requests, which no client can grow: the first refusal of a client in a minute is
 * one line (its request text clipped to {@link #MAX_TEXT} characters, control characters replaced);
 * the rest of that minute is counted by status and summarized in one line when the minute ends. At most
 * {@link #MAX_CLIENTS} clients get lines of their own per minute; the others are summed in one line.
 * So a client sending 40 000 refused requests a second writes two lines a minute, whatever it sends.
 */
final class RefusalLog extends ContainerLifeCycle {
    /** Request-controlled text in a line, at most (a path, a header's value, a message that quotes one). */
    static final int MAX_TEXT = 200;
    /** Clients with lines of their own per window. */
    static final int MAX_CLIENTS = 1000;
    static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final Logger LOG = LoggerFactory.getLogger("saddlelab.server.Refused");

    /** Where a line goes (the server's log, as a WARN of {@code saddlelab.server.Refused}). */
    private final Consumer<String> log;
    private final LongSupplier clock;
    private final Scheduler scheduler;
    private final Map<String, Window> windows = new LinkedHashMap<>();
    /** Refusals of clients over {@link #MAX_CLIENTS}, this window: count by status, and how many clients. */
    private final Map<String, Long> othersByStatus = new TreeMap<>();
    private long othersClients;
    private long othersSince = -1;
    private volatile Scheduler.Task task;

    private static final class Window {
        final long started;
        final Map<String, Long> more = new TreeMap<>();

        Window(long started) {
            this.started = started;
        }
    }

    /** The server's log: summaries written by a timer of its own (started and stopped with the server). */
    RefusalLog() {
        this(line -> LOG.warn("refused {}", line), System::nanoTime, new ScheduledExecutorScheduler("refusal-log", true));
    }

    /** With a clock of the caller's; no timer when {@code scheduler} is null (the caller flushes). */
    RefusalLog(Consumer<String> log, LongSupplier clock, Scheduler scheduler) {
        this.log = log;
        this.clock = clock;
        this.scheduler = scheduler;
        if (scheduler != null) {
            addBean(scheduler, true);
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (scheduler != null) {
            schedule();
        }
    }

    private void schedule() {
        task = scheduler.schedule(() -> {
            flush(false);
            if (isRunning()) {
                schedule();
            }
        }, 5, TimeUnit.SECONDS);
    }

    @Override
    protected void doStop() throws Exception {
        Scheduler.Task t = task;
        if (t != null) {
            t.cancel();
        }
        flush(true);
        super.doStop();
    }

    /**
     * A refused request: {@code client} (a key of {@link ClientLimits}), the status answered, and what
     * was refused ("POST /api/links: send the body as application/json"), clipped here.
     */
    void refused(String client, int status, String what) {
        refused(client, String.valueOf(status), what);
    }

    /** A refusal that is not an HTTP answer ({@code outcome} e.g. "cut": a connection closed by a limit). */
    void refused(String client, String outcome, String what) {
        String status = outcome;
        long now = clock.getAsLong();
        String first = null;
        synchronized (this) {
            Window w = windows.get(client);
            if (w == null && windows.size() >= MAX_CLIENTS) {
                if (othersSince < 0) {
                    othersSince = now;
                }
                othersByStatus.merge(status, 1L, Long::sum);
                othersClients++;
                return;
            }
            if (w == null) {
                windows.put(client, new Window(now));
                first = clip(client, 64) + ": " + status + " " + clip(what, MAX_TEXT);
            } else {
                w.more.merge(status, 1L, Long::sum);
            }
        }
        if (first != null) {
            log.accept(first);
        }
    }

    /** Summarizes the windows that are a minute old (all of them when {@code all}). */
    void flush(boolean all) {
        long now = clock.getAsLong();
        StringBuilder lines = new StringBuilder();
        synchronized (this) {
            var it = windows.entrySet().iterator();
            while (it.hasNext()) {
                var e = it.next();
                Window w = e.getValue();
                if (!all && now - w.started < WINDOW_NANOS) {
                    continue;
                }
                it.remove();
                if (!w.more.isEmpty()) {
                    lines.append(clip(e.getKey(), 64)).append(": ").append(total(w.more)).append(" more refused in ")
                            .append(seconds(now - w.started)).append(" s (").append(counts(w.more)).append(")\n");
                }
            }
            if (othersSince >= 0 && (all || now - othersSince >= WINDOW_NANOS)) {
                lines.append(othersClients).append(" refusals from clients beyond the first ").append(MAX_CLIENTS)
                        .append(" in ").append(seconds(now - othersSince)).append(" s (").append(counts(othersByStatus))
                        .append(")\n");
                othersByStatus.clear();
                othersClients = 0;
                othersSince = -1;
            }
        }
        for (String line : lines.toString().split("\n")) {
            if (!line.isEmpty()) {
                log.accept(line);
            }
        }
    }

    private static long total(Map<String, Long> byStatus) {
        long n = 0;
        for (long c : byStatus.values()) {
            n += c;
        }
        return n;
    }

    private static String counts(Map<String, Long> byStatus) {
        StringBuilder sb = new StringBuilder();
        for (var e : byStatus.entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append(" ×").append(e.getValue());
        }
        return sb.toString();
    }

    private static long seconds(long nanos) {
        return Math.max(1, Math.round(nanos / 1e9));
    }

    /**
     * Text a client controls, safe for one log line: control characters (line breaks, escapes) as
     * {@code ?}, at most {@code max} characters with an ellipsis when cut.
     */
    static String clip(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && sb.length() < max; i++) {
            char c = text.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029' ? '?' : c);
        }
        if (text.length() > max) {
            sb.setLength(max - 1);
            sb.append('…');
        }
        return sb.toString();
    }
}
