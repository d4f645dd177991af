package io.jitguard.matrix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import io.jitguard.cache.KernelCache;
import io.jitguard.report.MatrixTextReport;
import io.jitguard.testing.RealNvrtc;
import io.jitguard.testing.TestResources;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The matrix through the kernel cache, with the real NVRTC: a second run compiles nothing. */
class CachedCompileTest {
  @TempDir Path dir;
  private final List<String> warnings = new ArrayList<>();

  private MatrixResult run(String out, boolean ptx) {
    KernelCache cache = KernelCache.open(dir.resolve("cache"), KernelCache.DEFAULT_MAX_BYTES, warnings::add);
    return new MatrixCompiler(RealNvrtc.nvrtc(), RealNvrtc.headers(), cache).run(new CompileRequest(
        TestResources.path("manifests/cache/manifest.json"), ImmutableList.of(), ImmutableList.of(), 2,
        dir.resolve(out), ptx, true), ProgressListener.NONE);
  }

  private static String text(MatrixResult r) {
    StringWriter s = new StringWriter();
    MatrixTextReport.render(r, false, new PrintWriter(s));
    return s.toString();
  }

  @Test
  void aSecondRun_takesEveryUnitFromTheCache_withTheSameCubins() throws IOException {
    MatrixResult first = run("a", false);
    assertEquals(0, first.cache().fromCache());
    assertEquals(4, first.cache().compiled());
    MatrixResult second = run("b", false);
    assertTrue(text(second).contains("4 units, 4 from cache, 0 compiled, 0 failed"), text(second));
    for (UnitResult u : second.units()) {
      assertTrue(u.fromCache(), u.unit().name());
      assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(u.cubinPath().orElseThrow())),
          Files.readAllBytes(dir.resolve("b").resolve(u.cubinPath().orElseThrow())), u.unit().name());
    }
    JsonNode index = new ObjectMapper().readTree(dir.resolve("b/index.json").toFile());
    assertTrue(index.at("/units/0/fromCache").asBoolean(), index.toString());
    // the entry points' signatures, from the remembered clean check, as the first run's from the check itself
    JsonNode firstIndex = new ObjectMapper().readTree(dir.resolve("a/index.json").toFile());
    for (int i = 0; i < 4; i++) {
      JsonNode signatures = index.at("/units/" + i + "/signatures");
      assertEquals(1, signatures.size(), index.at("/units/" + i).toString());
      assertEquals(firstIndex.at("/units/" + i + "/signatures"), signatures);
    }
    assertEquals(first.units().get(0).cubinSha256(), second.units().get(0).cubinSha256());
    assertEquals(List.of(), warnings);
  }

  @Test
  void ptxAskedForLater_isCompiledOnce_thenCached() {
    run("a", false);
    MatrixResult withPtx = run("b", true);
    assertEquals(4, withPtx.cache().compiled(), "the entries had no PTX");
    assertTrue(Files.isRegularFile(dir.resolve("b").resolve(withPtx.units().get(0).ptxPath().orElseThrow())));
    assertEquals(4, run("c", true).cache().fromCache());
    assertEquals(4, run("d", false).cache().fromCache());
  }

  @Test
  void aUnitOverItsTimeLimit_isCancelledAndFailsWithThatReason() {
    KernelCache cache = KernelCache.disabled();
    MatrixResult r = new MatrixCompiler(RealNvrtc.nvrtc(), RealNvrtc.headers(), cache).run(new CompileRequest(
        TestResources.path("manifests/cache/manifest.json"), ImmutableList.of("sm_80"), ImmutableList.of(), 1,
        dir.resolve("t"), false, false, false, 1), ProgressListener.NONE);
    assertEquals(2, r.failedUnits(), text(r));
    String why = r.units().get(0).failure().orElseThrow();
    assertTrue(why.startsWith("compile cancelled after ") && why.endsWith("over the time limit of 1 ms (--timeout)"), why);
    MatrixResult roomy = new MatrixCompiler(RealNvrtc.nvrtc(), RealNvrtc.headers(), cache).run(new CompileRequest(
        TestResources.path("manifests/cache/manifest.json"), ImmutableList.of("sm_80"), ImmutableList.of(), 1,
        dir.resolve("u"), false, false, false, 120_000), ProgressListener.NONE);
    assertEquals(0, roomy.failedUnits(), text(roomy));
  }

  @Test
  void durations_parse() {
    assertEquals(500, CompileRequest.parseMillis("500ms", "--timeout"));
    assertEquals(90_000, CompileRequest.parseMillis("90s", "--timeout"));
    assertEquals(120_000, CompileRequest.parseMillis("2m", "--timeout"));
    assertEquals(30_000, CompileRequest.parseMillis("30", "--timeout"));
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> CompileRequest.parseMillis("soon", "--timeout"));
    assertTrue(e.getMessage().contains("--timeout: 'soon' is not a duration"), e.getMessage());
  }

  @Test
  void aCorruptEntry_isRecompiledAndReplaced_withOneWarning() throws IOException {
    run("a", false);
    try (Stream<Path> files = Files.walk(dir.resolve("cache/kernels"))) {
      for (Path p : files.filter(p -> p.toString().endsWith(".jgk")).toList()) {
        byte[] data = Files.readAllBytes(p);
        data[data.length / 2] ^= 1;
        Files.write(p, data);
      }
    }
    MatrixResult r = run("b", false);
    assertTrue(r.ok(), text(r));
    assertEquals(4, r.cache().compiled());
    assertEquals(4, r.cache().corrupt());
    assertEquals(1, warnings.size(), warnings.toString());
    assertEquals(4, run("c", false).cache().fromCache(), "replaced by good entries");
  }
}
