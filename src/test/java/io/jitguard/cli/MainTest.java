package io.jitguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitguard.gpu.KernelRuntime;
import io.jitguard.testing.RealNvrtc;
import io.jitguard.testing.CliRun;
import io.jitguard.testing.TestResources;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end, with the real NVRTC. */
class MainTest {
  @TempDir Path dir;

  @BeforeAll
  static void nvrtcAvailable() {
    RealNvrtc.nvrtc();
  }

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void targetsJson_listsArchSpecificTargets() throws Exception {
    CliRun r = run("targets", "--format", "json");
    assertEquals(0, r.code(), r.err());
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertEquals("13.3", doc.get("nvrtcVersion").asText());
    assertTrue(r.out().contains("\"name\" : \"sm_90a\""), r.out());
  }

  @Test
  void unsupportedTarget_isAUsageErrorNamingTheSupportedList() {
    CliRun r = run("compile", "--manifest", TestResources.path("manifests/stale-hopper/manifest.json").toString(),
        "--targets", "sm_70", "--out", dir.toString());
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("jitguard: unsupported target 'sm_70': NVRTC 13.3 supports sm_75, sm_80"), r.err());
  }

  @Test
  void badManifest_isAUsageErrorListingEveryProblem() {
    CliRun r = run("compile", "--manifest", TestResources.path("manifests/bad/manifest.json").toString(), "--out",
        dir.toString());
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().startsWith("jitguard: the manifest has 6 problems:"), r.err());
    assertTrue(r.err().contains("manifest.json:11:11: error: unknown key 'sourse' in variant (did you mean 'source'?)"),
        r.err());
  }

  @Test
  void unknownOption_isAUsageError() {
    CliRun r = run("compile", "--no-such-flag");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Unknown option: '--no-such-flag'"), r.err());
  }

  @Test
  void outputFolderThatIsAFile_isAnEnvironmentErrorNotACrash() throws Exception {
    Path file = Files.createFile(dir.resolve("taken"));
    CliRun r = run("compile", "--manifest", TestResources.path("manifests/stale-hopper/manifest.json").toString(),
        "--out", file.toString());
    assertEquals(ExitCodes.ENVIRONMENT, r.code());
    assertTrue(r.err().contains("a file of that name exists; choose another with --out"), r.err());
  }

  @Test
  void compileJson_reportsTheFallbackAndExitsZero() throws Exception {
    CliRun r = run("compile", "--manifest", TestResources.path("manifests/stale-hopper/manifest.json").toString(),
        "--out", dir.toString(), "--format", "json");
    assertEquals(0, r.code(), r.out() + r.err());
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertTrue(doc.get("ok").asBoolean());
    assertEquals(1, doc.at("/summary/fallbackSlots").asInt());
    assertEquals("portable", doc.at("/slots/0/variant").asText());
  }

  @Test
  void strictCompile_exitsOne() {
    CliRun r = run("compile", "--manifest", TestResources.path("manifests/stale-hopper/manifest.json").toString(),
        "--out", dir.toString(), "--strict", "--quiet");
    assertEquals(ExitCodes.FAILURES, r.code(), r.out());
    // the portable unit may come from the tests' kernel cache; the stale Hopper one always fails
    assertTrue(r.out().startsWith("FAILED: 2 units, ") && r.out().contains(" 1 failed, 1 fallbacks"), r.out());
  }

  @Test
  void runMla_withoutAGpu_isAnEnvironmentErrorThatSaysSo() {
    org.junit.jupiter.api.Assumptions.assumeFalse(io.jitguard.nvrtc.Nvrtc.load().driver().realDriver(),
        "this machine has a GPU");
    CliRun r = run("run-mla", "--manifest", TestResources.bundledManifest().toString());
    assertEquals(ExitCodes.ENVIRONMENT, r.code());
    assertEquals("jitguard: run-mla needs an NVIDIA GPU: no driver on this machine (doctor tells more)\n", r.err());
  }

  @Test
  void runMla_noCheckWithoutBench_isAUsageError() {
    CliRun r = run("run-mla", "--no-check");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("--no-check leaves nothing to do without --bench"), r.err());
  }

  @Test
  void runMla_nonPositiveSoftmaxScale_isAUsageError() {
    for (String scale : new String[] {"0", "-0.1", "NaN", "Infinity"}) {
      CliRun r = run("run-mla", "--sm-scale", scale);
      assertEquals(ExitCodes.USAGE, r.code(), scale);
      assertTrue(r.err().contains("--sm-scale must be a positive number, not "), r.err());
    }
  }

  @Test
  void noWorkingVariant_isTheKernelsFault_notAnInternalError() {
    String message = "no variant of mla_decode[q-bf16] works on NVIDIA H100 (sm_90a): 'portable' did not compile "
        + "(kernels/include/jitguard/mla/decode_cta.cuh:193:26: error: host functions are not allowed in JIT mode)";
    Exception e = new KernelRuntime.NoWorkingVariantException(message);
    assertEquals(message, Main.describe(e));
    assertEquals(ExitCodes.FAILURES, Main.exitCodeOf(e));
  }

  @Test
  void sarif_isForCheckAndCompileOnly() {
    CliRun r = run("targets", "--format", "sarif");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("--format sarif is for check and compile; 'targets' prints text or json"), r.err());
  }

  @Test
  void checkSarif_printsOneRunWithTheFindings() throws Exception {
    CliRun r = run("check", TestResources.path("check/incident/plan_hopper.cu").toString(), "--format", "sarif");
    assertEquals(ExitCodes.FAILURES, r.code(), r.err());
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertEquals("2.1.0", doc.get("version").asText());
    assertEquals(1, doc.get("runs").size());
    assertEquals("JG001", doc.at("/runs/0/results/0/ruleId").asText());
  }

  @Test
  void cache_showsItsFolderAndTheLastRuns_andPruneTakesASize() {
    run("compile", "--manifest", TestResources.path("manifests/cache/manifest.json").toString(), "--out",
        dir.resolve("a").toString(), "--quiet");
    CliRun again = run("compile", "--manifest", TestResources.path("manifests/cache/manifest.json").toString(), "--out",
        dir.resolve("b").toString(), "--quiet");
    assertTrue(again.out().startsWith("ok: 4 units, 4 from cache, 0 failed"), again.out());
    CliRun noCache = run("compile", "--manifest", TestResources.path("manifests/cache/manifest.json").toString(),
        "--out", dir.resolve("c").toString(), "--quiet", "--no-cache");
    assertTrue(noCache.out().startsWith("ok: 4 units, 0 from cache, 0 failed"), noCache.out());
    CliRun show = run("cache");
    assertEquals(0, show.code(), show.out());
    assertTrue(show.out().startsWith("kernel cache: " + System.getenv("JITGUARD_CACHE_DIR") + "/kernels\n"), show.out());
    assertTrue(show.out().contains("compile     4 units: 4 from cache, 0 compiled"), show.out());
    CliRun bad = run("cache", "prune", "--max-size", "lots");
    assertEquals(ExitCodes.USAGE, bad.code());
    assertTrue(bad.err().contains("--max-size: 'lots' is not a size"), bad.err());
  }

  @Test
  void aShard_compilesItsShareOnly_andABadOneIsAUsageError() {
    CliRun r = run("compile", "--manifest", TestResources.path("manifests/cache/manifest.json").toString(), "--out",
        dir.resolve("s").toString(), "--shard", "2/3", "--quiet");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().startsWith("ok: shard 2/3, 1 of 4 units, "), r.out());
    CliRun bad = run("compile", "--manifest", TestResources.path("manifests/cache/manifest.json").toString(),
        "--shard", "4/3");
    assertEquals(ExitCodes.USAGE, bad.code());
    assertTrue(bad.err().contains("--shard: a shard is K/N with 1 <= K <= N, not 4/3"), bad.err());
  }

  @Test
  void workerProcesses_buildTheSameUnitsAsThisProcess_andABadModeIsAUsageError() throws Exception {
    String manifest = TestResources.path("manifests/cache/manifest.json").toString();
    CliRun off = run("compile", "--manifest", manifest, "--out", dir.resolve("off").toString(), "--no-cache",
        "--jobs", "2", "--workers", "off", "--quiet");
    CliRun on = run("compile", "--manifest", manifest, "--out", dir.resolve("on").toString(), "--no-cache",
        "--jobs", "2", "--workers", "on", "--quiet");
    assertEquals(0, off.code(), off.out() + off.err());
    assertEquals(0, on.code(), on.out() + on.err());
    assertEquals(off.out(), on.out());
    ObjectMapper json = new ObjectMapper();
    JsonNode a = json.readTree(dir.resolve("off/index.json").toFile()).get("units");
    JsonNode b = json.readTree(dir.resolve("on/index.json").toFile()).get("units");
    assertEquals(4, a.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).get("name"), b.get(i).get("name"));
      assertEquals(a.get(i).get("loweredNames"), b.get(i).get("loweredNames"));
      assertTrue(Files.size(dir.resolve("on").resolve(b.get(i).get("cubin").asText())) > 0);
    }
    CliRun bad = run("compile", "--manifest", manifest, "--workers", "sometimes");
    assertEquals(ExitCodes.USAGE, bad.code());
    assertTrue(bad.err().contains("--workers must be auto, on or off, not 'sometimes'"), bad.err());
  }

  @Test
  void aRemoteCacheThatIsNotAnHttpUrl_isAUsageError() {
    CliRun r = run("compile", "--manifest", TestResources.path("manifests/cache/manifest.json").toString(), "--out",
        dir.resolve("a").toString(), "--remote-cache", "ftp://cache.example/jitguard");
    assertEquals(ExitCodes.USAGE, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("--remote-cache: 'ftp://cache.example/jitguard' is not an http:// or https:// URL"),
        r.err());
  }

  @Test
  void doctor_saysWhetherNvrtcsOwnCacheIsOn() {
    assertEquals("off (CUDA_CACHE_DISABLE=1): every compile from scratch", Doctor.nvrtcCache(true, "1").value());
    assertTrue(Doctor.nvrtcCache(true, null).value().startsWith("on: "));
    assertTrue(Doctor.nvrtcCache(true, "0").value().startsWith("on: "));
    assertTrue(Doctor.nvrtcCache(false, null).value().startsWith("off: no CUDA driver"));
  }

  @Test
  void doctor_reportsNvrtcHeadersDriverAndManifest() {
    CliRun r = run("doctor", "--manifest", TestResources.bundledManifest().toString());
    assertTrue(r.out().contains("nvrtc        ok   13.3"), r.out());
    assertTrue(r.out().contains("headers      ok   bundled with NVRTC 13.3"), r.out());
    assertTrue(r.out().contains("manifest     ok"), r.out());
    assertTrue(r.out().contains("driver       ok"), r.out());
    // this machine has no driver (CI's neither): NVRTC's own cache cannot be on
    assertTrue(r.out().contains("nvrtc cache  ok   off: no CUDA driver"), r.out());
    assertTrue(r.out().contains("kernel cache ok   " + System.getenv("JITGUARD_CACHE_DIR") + "/kernels, "), r.out());
    assertEquals(0, r.code(), r.out());
  }
}
