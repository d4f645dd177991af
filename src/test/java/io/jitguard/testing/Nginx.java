package io.jitguard.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx (Debian's, with its WebDAV module) on a free loopback port, configured in a
 * temporary folder, for the remote cache's tests. Locations: {@code /cache/} takes PUT and serves
 * GET and HEAD; {@code /auth/} the same, only with {@code Authorization: Bearer secret};
 * {@code /error/} answers 500; {@code /slow/} serves its files at 64 bytes a second; {@code
 * /readonly/} serves GET only. Tests that need it skip, saying why, where nginx is not installed.
 */
public final class Nginx implements AutoCloseable {
  private final Process process;
  private final Path data;
  private final int port;

  private Nginx(Process process, Path data, int port) {
    this.process = process;
    this.data = data;
    this.port = port;
  }

  static Optional<Path> binary() {
    for (String p : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx", "/usr/local/nginx/sbin/nginx")) {
      if (Files.isExecutable(Path.of(p))) {
        return Optional.of(Path.of(p));
      }
    }
    return Optional.empty();
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public static Nginx start(Path dir) throws IOException, InterruptedException {
    Optional<Path> nginx = binary();
    assumeTrue(nginx.isPresent(), "nginx is not installed (apt-get install -y nginx; .ci/run does)");
    Path data = dir.resolve("data");
    for (String d : List.of("cache", "auth", "slow", "readonly", "error")) {
      Files.createDirectories(data.resolve(d));
    }
    Files.createDirectories(dir.resolve("tmp"));
    int port = freePort();
    String conf = String.join("\n",
        "daemon off;",
        "master_process off;",
        "worker_processes 1;",
        "pid " + dir.resolve("nginx.pid") + ";",
        "error_log " + dir.resolve("error.log") + " warn;",
        "events { worker_connections 64; }",
        "http {",
        "  access_log off;",
        "  client_body_temp_path " + dir.resolve("tmp/body") + ";",
        "  proxy_temp_path " + dir.resolve("tmp/proxy") + ";",
        "  fastcgi_temp_path " + dir.resolve("tmp/fastcgi") + ";",
        "  uwsgi_temp_path " + dir.resolve("tmp/uwsgi") + ";",
        "  scgi_temp_path " + dir.resolve("tmp/scgi") + ";",
        "  client_max_body_size 1g;",
        "  server {",
        "    listen 127.0.0.1:" + port + ";",
        "    root " + data + ";",
        "    location /cache/ { dav_methods PUT; create_full_put_path on; dav_access user:rw; }",
        "    location /auth/ {",
        "      if ($http_authorization != \"Bearer secret\") { return 401; }",
        "      dav_methods PUT; create_full_put_path on; dav_access user:rw;",
        "    }",
        "    location /error/ { return 500; }",
        "    location /slow/ { limit_rate 64; }",
        "    location /readonly/ { }",
        "  }",
        "}",
        "");
    Path confFile = dir.resolve("nginx.conf");
    Files.writeString(confFile, conf);
    Process p = new ProcessBuilder(nginx.get().toString(), "-p", dir.toString(), "-c", confFile.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException("nginx exited with " + p.exitValue() + ": " + Files.readString(dir.resolve("stdout.log"))
            + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : ""));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return new Nginx(p, data, port);
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    p.destroyForcibly();
    throw new IOException("nginx did not listen on port " + port + " within 10 s");
  }

  /** {@code http://127.0.0.1:PORT/<location>/}. */
  public String url(String location) {
    return "http://127.0.0.1:" + port + "/" + location + "/";
  }

  /** The folder a location serves from. */
  public Path folder(String location) {
    return data.resolve(location);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
