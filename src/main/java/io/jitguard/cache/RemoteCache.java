package io.jitguard.cache;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A shared cache server speaking the build-cache protocol of bazel-remote, Gradle's build cache
 * node and WebDAV servers such as nginx's: {@code GET}, {@code HEAD} and {@code PUT} of an entry at
 * {@code <base>/<key>}. Through the JDK's HTTP client, with a time limit per request and a bounded
 * number of transfers at once. The first failure (unreachable, too slow, an HTTP error) is reported
 * once, naming the server and the cause, and the server is not asked again in the run: the build
 * goes on from local compiles. What comes back is verified by the caller (the entry's checksum).
 */
public final class RemoteCache {
  public static final String TOKEN_ENV = "JITGUARD_REMOTE_CACHE_TOKEN";

  /**
   * @param token a bearer token (from {@value #TOKEN_ENV}, never from a file of the project)
   * @param readOnly never upload: for jobs that must not write to the shared cache
   */
  public record Config(URI base, Optional<String> token, boolean readOnly, Duration timeout, int parallel) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_PARALLEL = 8;

    /**
     * A server's base URL as the user gave it, the token from the environment.
     *
     * @throws IllegalArgumentException naming {@code what}, for a URL that is not http or https
     */
    public static Config of(String url, boolean readOnly, Map<String, String> env, String what) {
      URI uri;
      try {
        uri = URI.create(url.endsWith("/") ? url : url + "/");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(what + ": '" + url + "' is not a URL (" + e.getMessage() + ")");
      }
      if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw new IllegalArgumentException(what + ": '" + url + "' is not an http:// or https:// URL");
      }
      String token = env.get(TOKEN_ENV);
      return new Config(uri, token == null || token.isBlank() ? Optional.empty() : Optional.of(token.strip()),
          readOnly, DEFAULT_TIMEOUT, DEFAULT_PARALLEL);
    }
  }

  private final Config config;
  /** Made on the first request: a run whose every unit is found locally never pays for the client's start. */
  private final com.google.common.base.Supplier<HttpClient> client;
  private final Semaphore transfers;
  private final Consumer<String> warn;
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicBoolean corruptReported = new AtomicBoolean();
  final AtomicInteger hits = new AtomicInteger();
  final AtomicInteger misses = new AtomicInteger();
  final AtomicInteger uploads = new AtomicInteger();
  final AtomicInteger corrupt = new AtomicInteger();

  public RemoteCache(Config config, Consumer<String> warn) {
    this.config = config;
    this.warn = warn;
    this.transfers = new Semaphore(Math.max(1, config.parallel()));
    this.client = com.google.common.base.Suppliers.memoize(() -> HttpClient.newBuilder()
        .connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NORMAL).build());
  }

  public Config config() {
    return config;
  }

  /** Whether the server answered badly once in this run, and is not asked again. */
  public boolean down() {
    return down.get();
  }

  private URI uriOf(String key) {
    return config.base().resolve(key);
  }

  private HttpRequest.Builder request(String key) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uriOf(key)).timeout(config.timeout());
    config.token().ifPresent(t -> b.header("Authorization", "Bearer " + t));
    return b;
  }

  /** The entry's bytes, or empty: not there, or the server failed (reported once). */
  Optional<byte[]> get(String key) {
    if (down.get()) {
      return Optional.empty();
    }
    try {
      HttpResponse<byte[]> r = send(request(key).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() == 200) {
        hits.incrementAndGet();
        return Optional.of(r.body());
      }
      if (r.statusCode() == 404) {
        misses.incrementAndGet();
        return Optional.empty();
      }
      fail("GET " + uriOf(key) + " returned HTTP " + r.statusCode());
    } catch (IOException e) {
      fail("GET " + uriOf(key) + ": " + cause(e));
    }
    return Optional.empty();
  }

  /** Whether the server holds the key; false too when it failed (then reported once). */
  boolean has(String key) {
    if (down.get()) {
      return false;
    }
    try {
      HttpResponse<Void> r = send(request(key).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() == 200) {
        return true;
      }
      if (r.statusCode() != 404) {
        fail("HEAD " + uriOf(key) + " returned HTTP " + r.statusCode());
      }
    } catch (IOException e) {
      fail("HEAD " + uriOf(key) + ": " + cause(e));
    }
    return false;
  }

  /** Uploads an entry, unless read-only, down, or the server already holds the key (a good entry is never replaced). */
  void put(String key, byte[] data) {
    if (config.readOnly() || down.get() || has(key)) {
      return;
    }
    try {
      HttpResponse<Void> r = send(request(key).PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(),
          HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() / 100 == 2) {
        uploads.incrementAndGet();
      } else {
        fail("PUT " + uriOf(key) + " returned HTTP " + r.statusCode());
      }
    } catch (IOException e) {
      fail("PUT " + uriOf(key) + ": " + cause(e));
    }
  }

  /** A document beside the entries (the recorded compile times of a plan), or empty. */
  public Optional<byte[]> getDocument(String name) {
    return get(name);
  }

  /** Writes a document beside the entries, replacing the one there (unless read-only or down). */
  public void putDocument(String name, byte[] data) {
    if (config.readOnly() || down.get()) {
      return;
    }
    try {
      HttpResponse<Void> r = send(request(name).PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(),
          HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() / 100 != 2) {
        fail("PUT " + uriOf(name) + " returned HTTP " + r.statusCode());
      }
    } catch (IOException e) {
      fail("PUT " + uriOf(name) + ": " + cause(e));
    }
  }

  /** A downloaded entry failed its checksum: not used, not stored, reported once. */
  void corrupt(String key, String why) {
    corrupt.incrementAndGet();
    if (corruptReported.compareAndSet(false, true)) {
      warn.accept("jitguard: remote cache entry " + uriOf(key) + " is corrupt (" + why + "); not used, compiled here");
    }
  }

  private <T> HttpResponse<T> send(HttpRequest r, HttpResponse.BodyHandler<T> body) throws IOException {
    try {
      transfers.acquire();
      try {
        return client.get().send(r, body);
      } finally {
        transfers.release();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private void fail(String what) {
    if (down.compareAndSet(false, true)) {
      warn.accept("jitguard: remote cache " + config.base() + " failed (" + what + "); not used for the rest of this "
          + "run, compiling here");
    }
  }

  private static String cause(IOException e) {
    if (e instanceof HttpTimeoutException) {
      return "no answer within the time limit";
    }
    if (e instanceof ConnectException) {
      return "cannot connect" + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
