package io.jitguard.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitguard.testing.RealNvrtc;
import io.jitguard.testing.TestResources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several processes on one cache folder, and a writer killed in mid-write: real processes, real kills. */
class CacheProcessesTest {
  @TempDir Path dir;

  private Process start(Path cacheDir, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        CacheWorker.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("JITGUARD_CACHE_DIR", cacheDir.toString());
    pb.environment().remove(KernelCache.NO_CACHE_ENV);
    return pb.start();
  }

  private static String output(Process p) throws Exception {
    assertTrue(p.waitFor(240, TimeUnit.SECONDS), "worker did not finish");
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static List<Path> files(Path root, String suffix) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
    }
  }

  @Test
  void processesCompilingOneMatrixAtOnce_allSucceed_andLeaveOneValidEntryPerUnit() throws Exception {
    RealNvrtc.nvrtc(); // skips with the reason where NVRTC cannot load
    Path cache = dir.resolve("cache");
    Path manifest = TestResources.path("manifests/cache/manifest.json");
    List<Process> workers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      workers.add(start(cache, "compile", manifest.toString(), dir.resolve("out" + i).toString()));
    }
    for (Process w : workers) {
      String out = output(w);
      assertEquals(0, w.exitValue(), out);
      assertTrue(out.contains("units=4 ") && out.contains(" failed=0"), out);
    }
    List<Path> entries = files(cache.resolve("kernels"), KernelCache.SUFFIX);
    assertEquals(4, entries.size(), entries.toString()); // 2 instantiations x 2 targets
    for (Path e : entries) {
      CacheEntry.decode(Files.readAllBytes(e)); // throws for a corrupt one
    }
    assertEquals(List.of(), files(cache.resolve("kernels").resolve(KernelCache.FORMAT_FOLDER), "").stream()
        .filter(p -> p.getFileName().toString().contains(".tmp-")).toList(), "writers leave no temporary file");
    Process again = start(cache, "compile", manifest.toString(), dir.resolve("again").toString());
    String out = output(again);
    assertTrue(out.contains("fromCache=4 compiled=0"), out);
  }

  @Test
  void aWriterKilledMidWrite_leavesNoEntryThatIsEverServed() throws Exception {
    Path cache = dir.resolve("cache");
    String key = KernelCacheTest.key(7);
    Process writer = start(cache, "write", key, "150");
    Path entries = cache.resolve("kernels").resolve(KernelCache.FORMAT_FOLDER);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    boolean sawTemp = false;
    while (!sawTemp && System.nanoTime() < deadline && writer.isAlive()) {
      sawTemp = files(entries, "").stream().anyMatch(p -> p.getFileName().toString().contains(".tmp-"));
      Thread.sleep(1);
    }
    writer.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
    assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
    assertTrue(sawTemp, "the writer never started a write within a minute");
    List<String> warnings = new ArrayList<>();
    KernelCache reader = KernelCache.open(cache, KernelCache.DEFAULT_MAX_BYTES, warnings::add);
    // whatever the kill interrupted, what is served is a whole entry (an earlier complete write) or nothing
    reader.get(key).ifPresent(e -> assertEquals(150 << 20, e.cubin().length));
    assertEquals(0, reader.counts().corrupt(), warnings.toString());
    for (Path e : files(entries, KernelCache.SUFFIX)) {
      CacheEntry.decode(Files.readAllBytes(e));
    }
  }
}
