package saddlelab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javalin.Javalin;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;

/**
 * A real server on 127.0.0.1 and raw client sockets from addresses of 127.0.0.0/8 (a different "host"
 * per address), closed after each test: what the server tests that speak HTTP byte by byte share.
 */
abstract class LoopbackTest {
    Javalin app;
    int port;
    final List<Socket> sockets = new ArrayList<>();

    void start(LabServer.Config c) {
        app = LabServer.create(c).start("127.0.0.1", 0);
        port = LabServer.httpPort(app);
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        if (app != null) {
            app.stop();
        }
    }

    /** A raw connection to the server's plain-HTTP port from one loopback address. */
    Socket connect(String from) throws Exception {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(15_000);
        sockets.add(s);
        return s;
    }

    /** A self-signed keystore for localhost and 127.0.0.1 (password "classroom"), made by the JDK's keytool. */
    static Path keystore(Path dir) throws Exception {
        Path keystore = dir.resolve("lab.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "lab", "-keyalg", "EC", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "classroom", "-keypass", "classroom")
                .redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
        return keystore;
    }

    /** A TLS context that trusts that keystore's certificate. */
    static SSLContext trusting(Path keystore) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            trust.load(in, "classroom".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
