package io.jitguard.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import io.jitguard.matrix.CompileRequest;
import io.jitguard.matrix.MatrixCompiler;
import io.jitguard.matrix.MatrixResult;
import io.jitguard.matrix.ProgressListener;
import io.jitguard.testing.Nginx;
import io.jitguard.testing.RealNvrtc;
import io.jitguard.testing.TestResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remote tier against a real nginx: read-through, write-behind, and each way a server can fail. */
class RemoteCacheTest {
  @TempDir Path dir;
  private Nginx nginx;
  private final List<String> warnings = new ArrayList<>();

  @BeforeEach
  void startServer() throws Exception {
    nginx = Nginx.start(dir.resolve("nginx"));
  }

  @AfterEach
  void stopServer() throws Exception {
    if (nginx != null) {
      nginx.close();
    }
  }

  private RemoteCache remote(String url, boolean readOnly, Map<String, String> env, Duration timeout) {
    RemoteCache.Config c = RemoteCache.Config.of(url, readOnly, env, "--remote-cache");
    return new RemoteCache(new RemoteCache.Config(c.base(), c.token(), readOnly, timeout, 4), warnings::add);
  }

  private KernelCache local(String name, RemoteCache remote) {
    return KernelCache.open(dir.resolve(name), KernelCache.DEFAULT_MAX_BYTES, warnings::add).withRemote(remote);
  }

  private MatrixResult compile(KernelCache cache, String out) {
    return new MatrixCompiler(RealNvrtc.nvrtc(), RealNvrtc.headers(), cache).run(new CompileRequest(
        TestResources.path("manifests/cache/manifest.json"), ImmutableList.of(), ImmutableList.of(), 2,
        dir.resolve(out), false, true), ProgressListener.NONE);
  }

  /** The entries on the server: its files but the plan's recorded compile times. */
  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("times-")).toList();
    }
  }

  @Test
  void aSecondMachine_withAnEmptyLocalCache_getsEveryUnitFromTheServer() throws IOException {
    MatrixResult first = compile(local("a", remote(nginx.url("cache"), false, Map.of(), Duration.ofSeconds(10))), "oa");
    assertEquals(4, first.cache().compiled());
    assertEquals(4, files(nginx.folder("cache")).size(), "uploaded");
    KernelCache b = local("b", remote(nginx.url("cache"), false, Map.of(), Duration.ofSeconds(10)));
    MatrixResult second = compile(b, "ob");
    assertEquals(4, second.cache().fromCache());
    assertEquals(0, second.cache().compiled());
    assertEquals(4, b.usage().entries(), "kept locally too");
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(Files.readAllBytes(dir.resolve("oa").resolve(first.units().get(i).cubinPath().orElseThrow())),
          Files.readAllBytes(dir.resolve("ob").resolve(second.units().get(i).cubinPath().orElseThrow())));
    }
    assertEquals(List.of(), warnings);
  }

  @Test
  void readOnly_neverUploads() throws IOException {
    compile(local("a", remote(nginx.url("cache"), true, Map.of(), Duration.ofSeconds(10))), "oa");
    assertEquals(List.of(), files(nginx.folder("cache")));
    assertEquals(List.of(), warnings);
  }

  @Test
  void aBearerToken_fromTheEnvironment_isSent() throws IOException {
    compile(local("a", remote(nginx.url("auth"), false, Map.of(RemoteCache.TOKEN_ENV, "secret"),
        Duration.ofSeconds(10))), "oa");
    assertEquals(4, files(nginx.folder("auth")).size());
    assertEquals(List.of(), warnings);
    MatrixResult noToken = compile(local("b", remote(nginx.url("auth"), false, Map.of(), Duration.ofSeconds(10))), "ob");
    assertTrue(noToken.ok());
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("returned HTTP 401"), warnings.get(0));
  }

  @Test
  void aServerThatIsDown_leavesTheBuildToLocalCompiles_withOneWarningNamingIt() throws IOException {
    String url = "http://127.0.0.1:" + Nginx.freePort() + "/cache/";
    MatrixResult r = compile(local("a", remote(url, false, Map.of(), Duration.ofSeconds(5))), "oa");
    assertTrue(r.ok());
    assertEquals(4, r.cache().compiled());
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("remote cache " + url + " failed") && warnings.get(0).contains("cannot connect"),
        warnings.get(0));
  }

  @Test
  void aServerAnswering500_leavesTheBuildToLocalCompiles() {
    MatrixResult r = compile(local("a", remote(nginx.url("error"), false, Map.of(), Duration.ofSeconds(5))), "oa");
    assertTrue(r.ok());
    assertEquals(4, r.cache().compiled());
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("returned HTTP 500"), warnings.get(0));
  }

  @Test
  void aSlowServer_isGivenUpOnAfterItsTimeLimit() throws IOException {
    String key = KernelCacheTest.key(3);
    Files.write(nginx.folder("slow").resolve(key), KernelCacheTest.entry(20_000).encode()); // 5 minutes at 64 B/s
    KernelCache c = local("a", remote(nginx.url("slow"), true, Map.of(), Duration.ofMillis(700)));
    long start = System.nanoTime();
    assertEquals(Optional.empty(), c.get(key));
    assertTrue(System.nanoTime() - start < 5_000_000_000L, "gave up in time");
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("no answer within the time limit"), warnings.get(0));
  }

  @Test
  void garbage_orATruncatedBody_isNeverUsed_andAGoodEntryIsNotReplaced() throws IOException {
    String garbage = KernelCacheTest.key(1);
    String truncated = KernelCacheTest.key(2);
    String good = KernelCacheTest.key(4);
    Files.write(nginx.folder("cache").resolve(garbage), "<html>not an entry</html>".getBytes());
    byte[] whole = KernelCacheTest.entry(20_000).encode();
    Files.write(nginx.folder("cache").resolve(truncated), java.util.Arrays.copyOf(whole, whole.length - 100));
    Files.write(nginx.folder("cache").resolve(good), whole);
    KernelCache c = local("a", remote(nginx.url("cache"), false, Map.of(), Duration.ofSeconds(10)));
    assertEquals(Optional.empty(), c.get(garbage));
    assertEquals(Optional.empty(), c.get(truncated));
    assertFalse(Files.exists(c.pathOf(garbage)), "a corrupt download is not kept");
    assertEquals(2, c.remote().orElseThrow().corrupt.get());
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("is corrupt") && warnings.get(0).contains("not used"), warnings.get(0));
    // a good entry on the server is served, and a later put of the same key does not replace it
    assertArrayEquals(KernelCacheTest.entry(20_000).cubin(), c.get(good).orElseThrow().cubin());
    c.put(good, KernelCacheTest.entry(10));
    c.flush();
    assertArrayEquals(whole, Files.readAllBytes(nginx.folder("cache").resolve(good)));
  }

  @Test
  void urls_areChecked() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> RemoteCache.Config.of("ftp://host/x", false, Map.of(), "--remote-cache"));
    assertTrue(e.getMessage().contains("--remote-cache: 'ftp://host/x' is not an http:// or https:// URL"),
        e.getMessage());
  }
}
