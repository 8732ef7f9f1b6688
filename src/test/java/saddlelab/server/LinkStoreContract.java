package saddlelab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import saddlelab.experiment.documents.Link;

/** What every storage backend must do; each backend's test class runs these against a real database. */
abstract class LinkStoreContract {
    /** A fresh, empty store. */
    abstract LinkStore store() throws Exception;

    static Link preset(int seed, String title) {
        return Link.parse("{\"title\":\"" + title + "\",\"spec\":{\"task\":{\"type\":\"completion\",\"rows\":6,"
                + "\"cols\":6,\"rank\":2,\"observed\":0.5},\"depth\":3,\"width\":10,\"init\":{\"gamma\":2},"
                + "\"learningRate\":0.1,\"steps\":100,\"seed\":" + seed + "}}");
    }

    @Test
    void storesOnceAndReadsBackTheSameText() throws Exception {
        LinkStore s = store();
        Link p = preset(1, "é ü — ∇θL <b>");
        assertTrue(s.put(p.id, p.document), "new");
        assertFalse(s.put(p.id, p.document), "idempotent");
        assertEquals(Optional.of(p.document), s.get(p.id));
        assertEquals(Optional.empty(), s.get(preset(2, "x").id));
        assertEquals(1, s.count());
    }

    @Test
    void anIdBoundToAnotherDocumentIsRefused() throws Exception {
        LinkStore s = store();
        Link p = preset(3, "a");
        s.put(p.id, p.document);
        assertThrows(SQLException.class, () -> s.put(p.id, preset(4, "b").document));
        assertEquals(Optional.of(p.document), s.get(p.id));
    }

    @Test
    void concurrentWritersOfOnePresetStoreItOnce() throws Exception {
        LinkStore s = store();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Link same = preset(5, "same");
            List<Future<Boolean>> fs = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                final int k = i;
                fs.add(pool.submit(() -> s.put(same.id, same.document)));
                fs.add(pool.submit(() -> {
                    Link other = preset(100 + k, "other");
                    return s.put(other.id, other.document);
                }));
            }
            int created = 0;
            for (int i = 0; i < fs.size(); i += 2) {
                created += fs.get(i).get() ? 1 : 0;
                assertTrue(fs.get(i + 1).get());
            }
            assertEquals(1, created, "exactly one writer created it");
            assertEquals(33, s.count());
        } finally {
            pool.shutdownNow();
        }
    }
}
