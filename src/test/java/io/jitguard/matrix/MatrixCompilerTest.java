package io.jitguard.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import io.jitguard.report.MatrixTextReport;
import io.jitguard.testing.CubinHeader;
import io.jitguard.testing.RealNvrtc;
import io.jitguard.testing.TestResources;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compile matrix with the real NVRTC, on small fixture manifests. */
class MatrixCompilerTest {
  @TempDir Path out;

  /** NVRTC alone, without the static checks first: these tests are about compiling and falling back. */
  private MatrixResult run(String manifest, List<String> targets, boolean strict) {
    return run(TestResources.path(manifest), targets, strict, false, false);
  }

  private MatrixResult run(Path manifest, List<String> targets, boolean strict, boolean ptx, boolean check) {
    CompileRequest request = new CompileRequest(manifest, ImmutableList.copyOf(targets),
        ImmutableList.of(), 2, out, ptx, strict, check);
    return new MatrixCompiler(RealNvrtc.nvrtc(), RealNvrtc.headers()).run(request, ProgressListener.NONE);
  }

  private static String text(MatrixResult r, boolean verbose) {
    StringWriter s = new StringWriter();
    MatrixTextReport.render(r, verbose, new PrintWriter(s));
    return s.toString();
  }

  @Test
  void hopperVariantRequestedForSm80_failsAndFallsBackToPortable() throws IOException {
    MatrixResult r = run("manifests/stale-hopper/manifest.json", List.of("sm_80"), false);
    assertTrue(r.ok(), text(r, false));
    SlotOutcome slot = r.slots().get(0);
    assertEquals("portable", slot.selected().orElseThrow());
    assertEquals(1, slot.fallbacks().size());
    assertEquals("hopper", slot.fallbacks().get(0).variant());
    assertTrue(slot.fallbacks().get(0).reason().contains("mla_decode_hopper.cu:7:2: catastrophic error: #error directive"),
        slot.fallbacks().get(0).reason());
    String report = text(r, false);
    assertTrue(report.contains("mla_decode@sm_80 (1 slot): hopper failed, fell back to portable"), report);
    assertTrue(report.contains("ok: every family has a working variant on every target (1 slot, 1 fallback)"), report);

    JsonNode index = new ObjectMapper().readTree(out.resolve("index.json").toFile());
    assertEquals("portable", index.at("/slots/0/variant").asText());
    assertEquals("hopper", index.at("/slots/0/fallbacks/0/variant").asText());
    JsonNode portable = index.at("/units/1");
    assertEquals("mla_decode/portable[]@sm_80", portable.get("name").asText());
    assertTrue(portable.get("selected").asBoolean());
    String lowered = portable.at("/loweredNames").elements().next().asText();
    assertTrue(lowered.startsWith("_ZN8jitguard3mla8portable13decode_kernel"), lowered);
    byte[] cubin = Files.readAllBytes(out.resolve(portable.get("cubin").asText()));
    assertEquals(cubin.length, portable.get("cubinBytes").asLong());
    assertEquals(80, CubinHeader.sm(cubin));
  }

  @Test
  void withChecksFirst_theStaleHopperVariantIsSkippedWithTheProofAndFallsBack() {
    MatrixResult r = run(TestResources.path("manifests/stale-hopper/manifest.json"), List.of("sm_80"), false, false, true);
    assertTrue(r.ok(), text(r, false));
    SlotOutcome slot = r.slots().get(0);
    assertEquals("portable", slot.selected().orElseThrow());
    assertEquals("skipped, jitguard check: kernels/mla/mla_decode_hopper.cu:7:2: error: #error directive: "
        + "\"mla_decode_hopper.cu needs sm_90 or newer (wgmma, tensor copies, mbarrier transactions); use the portable variant "
        + "below sm_90\"", slot.fallbacks().get(0).reason());
    assertEquals(1, r.skippedByCheck());
    assertTrue(text(r, false).contains("2 units, 0 from cache, 1 compiled, 1 failed (1 skipped by jitguard check)"), text(r, false));
  }

  @Test
  void withChecksFirst_theTripledErrorIsCaughtBeforeNvrtcRuns() {
    MatrixResult r = run(TestResources.path("manifests/diagnostics/manifest.json"), List.of("sm_80"), false, false, true);
    assertEquals(2, r.skippedByCheck(), text(r, false)); // o=bf16 and o=fp16; o=fp32 compiles
    assertTrue(r.diagnostics().stream().noneMatch(g -> g.diagnostic().severity().isError()), text(r, false));
    String report = text(r, true);
    assertTrue(report.contains("test-resources/manifests/diagnostics/tripled.cu:21:45: error: assigning to 'float *' "
        + "from 'DTypeO *' (aka '__nv_bfloat16 *') [JG002]"), report);
  }

  @Test
  void strict_makesTheFailedPreferredVariantFatal() {
    MatrixResult r = run("manifests/stale-hopper/manifest.json", List.of("sm_80"), true);
    assertFalse(r.ok());
    assertTrue(text(r, false).contains("FAILED (--strict): 1 unit failed although every slot has a working variant"));
  }

  @Test
  void macroTripledError_isPrintedOnceWithItsCountAndOrigins() {
    MatrixResult r = run("manifests/diagnostics/manifest.json", List.of(), false);
    // bf16 and fp16 output fail on both default targets; float compiles
    assertEquals(4, r.uncoveredSlots(), text(r, false));
    assertFalse(r.ok());
    List<DiagnosticGroup> errors = r.diagnostics().stream().filter(g -> g.diagnostic().severity().isError()).toList();
    assertEquals(2, errors.size(), errors.toString()); // one message per output type
    DiagnosticGroup bf16 = errors.stream().filter(g -> g.diagnostic().message().contains("__nv_bfloat16")).findFirst()
        .orElseThrow();
    assertEquals(21, bf16.diagnostic().line());
    assertEquals(6, bf16.occurrences()); // 3 mask modes x 2 targets
    assertEquals(List.of("sm_80", "sm_90"), List.copyOf(bf16.targets()));
    assertEquals(List.of("o=bf16"), List.copyOf(bf16.instantiations()));
    DiagnosticGroup unused = r.diagnostics().stream().filter(g -> g.diagnostic().number().isPresent()
        && !g.fromToolkit()).findFirst().orElseThrow();
    assertEquals("177-D", unused.diagnostic().number().get()); // kMode declared but never referenced
    assertEquals(io.jitguard.nvrtc.Severity.WARNING, unused.diagnostic().severity());
    String report = text(r, false);
    long bf16Headlines = report.lines()
        .filter(l -> l.startsWith("test-resources/manifests/diagnostics/tripled.cu:21:3: error: a value of type "
            + "\"__nv_bfloat16 *\" cannot be assigned")).count();
    assertEquals(1, bf16Headlines, report); // printed 6 times by the compiler, once here
    assertTrue(report.contains("seen 6 times: targets sm_80 sm_90; instantiations o=bf16; tripled/portable"), report);
    assertTrue(report.contains("FAILED: 4 of 10 slots have no working variant"), report);
    assertTrue(report.contains("tripled@sm_80,sm_90 (2 slots): portable failed, NO WORKING VARIANT"), report);
    assertTrue(report.contains("  in instantiation of \"void run(DTypeO *, float *) [with DTypeO=__nv_bfloat16]\""),
        report);
  }

  @Test
  void ptxOnRequest_isWrittenBesideTheCubin() throws IOException {
    MatrixResult r = run(TestResources.path("manifests/diagnostics/manifest.json"), List.of("sm_90a"), false, true, false);
    UnitResult fp8 = r.units().stream().filter(UnitResult::ok).findFirst().orElseThrow();
    String ptx = Files.readString(out.resolve(fp8.ptxPath().orElseThrow()));
    assertTrue(ptx.contains(".target sm_90a"), ptx.substring(0, 200));
  }

  @Test
  void sourceThatIsNotUtf8_failsItsUnitsAndTheRestGoesOn(@TempDir Path project) throws IOException {
    Files.copy(TestResources.path("manifests/diagnostics/manifest.json"), project.resolve("manifest.json"));
    Files.copy(TestResources.path("manifests/diagnostics/tripled.cu"), project.resolve("tripled.cu"));
    byte[] latin1 = "// Gr\u00fc\u00dfe\n__global__ void k() {}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Files.write(project.resolve("fp8_user.cu"), latin1);
    MatrixResult r = run(project.resolve("manifest.json"), List.of("sm_80"), false, false, false);
    UnitResult broken = r.units().get(0);
    assertEquals("fp8_convert/portable[in=fp16]@sm_80", broken.unit().name());
    assertTrue(broken.failure().orElseThrow().endsWith("fp8_user.cu: cannot read source: not valid UTF-8 "
        + "(NVRTC takes UTF-8 text; re-save the file as UTF-8)"), broken.failure().get());
    assertTrue(r.units().stream().anyMatch(UnitResult::ok)); // the other family still compiled
    assertTrue(Files.isRegularFile(out.resolve("index.json"))); // and the index was still written
  }

  @Test
  void fp8HeaderWarnings_foldIntoOneLineUnlessVerbose() {
    MatrixResult r = run("manifests/diagnostics/manifest.json", List.of("sm_90"), false);
    List<DiagnosticGroup> fromHeaders = r.diagnostics().stream().filter(DiagnosticGroup::fromToolkit).toList();
    assertEquals(3, fromHeaders.size(), fromHeaders.toString());
    fromHeaders.forEach(g -> assertEquals("1444-D", g.diagnostic().number().orElseThrow()));
    int total = fromHeaders.stream().mapToInt(DiagnosticGroup::occurrences).sum();
    assertEquals(3 * 2, total); // 3 warnings per compile, 2 fp8 instantiations
    String quiet = text(r, false);
    assertTrue(quiet.contains("note: 6 warnings from the CUDA headers hidden (#1444-D in cuda_fp8.hpp x6); "
        + "--verbose shows them"), quiet);
    assertFalse(quiet.contains("was declared deprecated"), quiet);
    String verbose = text(r, true);
    assertEquals(3, verbose.split("was declared deprecated", -1).length - 1, verbose);
  }

  @Test
  void unitsStartLongestFirst_byTheTimesTheLastRunRecorded() throws IOException {
    MatrixResult first = run("manifests/stale-hopper/manifest.json", List.of("sm_80"), false);
    List<io.jitguard.plan.CompileUnit> units = first.units().stream().map(UnitResult::unit).toList();
    java.util.Map<String, Long> times = MatrixCompiler.previousTimes(out);
    assertEquals(2, times.size(), times.toString());
    java.util.Map<String, Long> reversed = java.util.Map.of(units.get(0).name(), 10L, units.get(1).name(), 900L);
    assertEquals(List.of(units.get(1), units.get(0)), MatrixCompiler.longestFirst(units, reversed));
    assertEquals(units, MatrixCompiler.longestFirst(units, java.util.Map.of())); // nothing recorded: the plan's order
    java.util.Map<String, Long> one = java.util.Map.of(units.get(0).name(), 10L);
    assertEquals(List.of(units.get(1), units.get(0)), MatrixCompiler.longestFirst(units, one)); // unknown first
  }
}
