package io.jitguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitguard.testing.CliRun;
import io.jitguard.testing.TestResources;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code jitguard check}, end to end through the command line. */
class CheckCommandTest {
  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  private static String incident(String file) {
    return TestResources.path("check/incident/" + file).toString();
  }

  @Test
  void manifest_checksCleanAndExitsZero() {
    CliRun r = run("check", "--manifest", TestResources.bundledManifest().toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().startsWith("clean: 0 findings in 13 units"), r.out());
  }

  @Test
  void adHocFile_withInstantiations_printsCompilerStyleAndExitsOne() {
    CliRun r = run("check", incident("run_hopper.cu"), "--sm", "90a", "--instantiate",
        "run_sm90<__nv_bfloat16, __nv_bfloat16, __nv_bfloat16, int>", "--instantiate",
        "run_sm90<__half, __half, __half, int>");
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("run_hopper.cu:18:22: error: assigning to 'float *' from 'DTypeO *' "
        + "(aka '__nv_bfloat16 *') [JG002]\n      params.partial_o = GetPtrFromBaseOffset<DTypeO>(float_buffer, offset);\n"
        + "  " + " ".repeat(21) + "^\n"), r.out());
    assertTrue(r.out().contains("note: expanded from macro 'DISPATCH_MASK_MODE'"), r.out());
    assertTrue(r.out().contains("  instantiations: run_sm90<__half, __half, __half, int>; "
        + "run_sm90<__nv_bfloat16, __nv_bfloat16, __nv_bfloat16, int>"), r.out());
    assertTrue(r.out().contains("3 errors: 3 findings in 1 unit"), r.out());
  }

  @Test
  void undecidedPlaces_areCountedInTheSummary_andNamedWithVerbose() {
    String file = TestResources.path("check/realcode/if_constexpr_unknown.cu").toString();
    CliRun quiet = run("check", file, "--instantiate", "store<__half>");
    assertEquals(0, quiet.code(), quiet.out() + quiet.err());
    assertTrue(quiet.out().contains("clean: 0 findings in 1 unit (1 file, 22 lines)"), quiet.out());
    assertTrue(quiet.out().contains("; 1 place undecided (--verbose lists them)"), quiet.out());
    assertFalse(quiet.out().contains("not reported"), quiet.out());
    CliRun verbose = run("check", file, "--instantiate", "store<__half>", "--verbose");
    assertTrue(verbose.out().contains("if_constexpr_unknown.cu:18:12: note: not reported [JG002]: initializing 'T *' "
        + "(aka '__half *') with an expression of type 'float *'; inside an 'if constexpr' branch whose condition the "
        + "checker cannot evaluate"), verbose.out());
    // the count stays in the summary when the places are listed
    assertTrue(verbose.out().contains("; 1 place undecided (listed above)"), verbose.out());
  }

  @Test
  void skippedConstructs_areCountedInTheSummary_withAndWithoutVerbose() throws Exception {
    Path file = Files.createTempDirectory("skipped").resolve("skipped.cu");
    Files.writeString(file, "__device__ void f(int* a) {\n  UNKNOWN_MACRO(1) for (;;) {}\n}\n");
    CliRun quiet = run("check", file.toString());
    assertTrue(quiet.out().contains("; 1 construct skipped (--verbose lists them)"), quiet.out());
    assertFalse(quiet.out().contains("skipped a construct"), quiet.out());
    CliRun verbose = run("check", file.toString(), "--verbose");
    assertTrue(verbose.out().contains("note: skipped a construct the checker does not understand"), verbose.out());
    assertTrue(verbose.out().contains("; 1 construct skipped (listed above)"), verbose.out());
  }

  @Test
  void bind_checksATemplateWithNoInstantiation() {
    CliRun r = run("check", incident("run_hopper.cu"), "--bind", "DTypeO=__half", "--format", "json");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.out().contains("(aka '__half *')"), r.out());
  }

  @Test
  void json_carriesTheFieldsAFindingNeeds() throws Exception {
    CliRun r = run("check", incident("plan_hopper.cu"), "--format", "json");
    assertEquals(1, r.code(), r.err());
    JsonNode f = new ObjectMapper().readTree(r.out()).at("/findings/0");
    assertEquals("JG001", f.get("rule").asText());
    assertEquals("error", f.get("severity").asText());
    assertTrue(f.get("file").asText().endsWith("plan_hopper.cu"));
    assertEquals(9, f.get("line").asInt());
    assertEquals(3, f.get("column").asInt());
    assertEquals("no declaration of 'MLAPlan' takes 14 arguments", f.get("message").asText());
    assertEquals("'MLAPlan' declared here with 15 parameters", f.at("/notes/0/message").asText());
    assertTrue(f.has("instantiations") && f.has("targets"));
    assertEquals("sm_90a", f.at("/targets/0").asText());
  }

  @Test
  void unguardedHopperInstruction_inAVariantClaimingSm80_namesTheFallbackVariant() {
    CliRun r = run("check", "--manifest", TestResources.path("manifests/unguarded/manifest.json").toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("fast.cu:5:3: error: 'setmaxnreg' requires sm_90a (register reallocation), "
        + "but this code is compiled for sm_80 without a __CUDA_ARCH__ guard [JG003]"), r.out());
    assertTrue(r.out().contains("note: on sm_80 the manifest would fall back to variant 'portable' after "
        + "'scale/fast' fails"), r.out());
    assertTrue(r.out().contains("  targets: sm_80\n"), r.out()); // on sm_90a the instruction is legal
  }

  @Test
  void quiet_printsOnlyTheSummary() {
    CliRun r = run("check", incident("plan_hopper.cu"), "--quiet");
    assertEquals(1, r.code());
    assertTrue(r.out().startsWith("1 error: 1 finding in 1 unit") && r.out().lines().count() == 1, r.out());
  }

  @Test
  void badInput_givesAClearMessageAndExitTwo() {
    CliRun missing = run("check", "no/such/file.cu");
    assertEquals(2, missing.code());
    assertEquals("jitguard: no such file: no/such/file.cu\n", missing.err());
    CliRun badBind = run("check", incident("plan_hopper.cu"), "--bind", "DTypeO");
    assertEquals(2, badBind.code());
    assertTrue(badBind.err().contains("--bind expects NAME=TYPE, not 'DTypeO'"), badBind.err());
    CliRun badTarget = run("check", incident("plan_hopper.cu"), "--sm", "70");
    assertEquals(2, badTarget.code());
    assertTrue(badTarget.err().contains("unsupported target 'sm_70'"), badTarget.err());
  }

  @Test
  void instantiationDefinedInOneOfSeveralFiles_isNoErrorForTheOthers() {
    CliRun r = run("check", incident("run_hopper.cu"), incident("plan_portable.cu"), "--instantiate",
        "run_sm90<__half, __half, __half, int>");
    assertEquals(1, r.code());
    assertTrue(!r.out().contains("cannot instantiate"), r.out());
    assertTrue(r.out().contains("3 errors: 3 findings in 2 units"), r.out());
  }

  @Test
  void instantiationThatMatchesNoTemplate_isAnError() {
    CliRun r = run("check", incident("plan_hopper.cu"), "--instantiate", "no_such_kernel<int>");
    assertEquals(1, r.code());
    assertTrue(r.out().contains("error: cannot instantiate 'no_such_kernel<int>': no function template of that name "
        + "with a body in the files checked"), r.out());
  }

  @Test
  void python_checksTheCallsOfWhatTheFilesRegister_andBadUseIsAUsageError() {
    String dir = "check/jg005/incident/";
    CliRun r = run("check", TestResources.path(dir + "fa2_pybind.cu").toString(),
        TestResources.path(dir + "sm90_pybind.cu").toString(), "--python", TestResources.path(dir + "mla.py").toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("mla.py:7:47: error: 'plan' is called with 11 arguments, but its registration in "), r.out());
    assertTrue(r.out().contains("sm90_pybind.cu (MlaSm90Plan) takes 9 [JG005]"), r.out());
    CliRun missing = run("check", TestResources.path(dir + "sm90_pybind.cu").toString(), "--python", "no_such.py");
    assertEquals(ExitCodes.USAGE, missing.code());
    assertTrue(missing.err().contains("no such file: no_such.py (--python)"), missing.err());
    CliRun alone = run("check", "--python", TestResources.path(dir + "mla.py").toString());
    assertEquals(ExitCodes.USAGE, alone.code());
    assertTrue(alone.err().contains("--python needs the C++ files that register what it calls"), alone.err());
  }

  @Test
  void aPythonSourceThatIsNotUtf8_isAnErrorNamingIt_andTheRestIsStillChecked(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    java.nio.file.Path bad = dir.resolve("latin1.py");
    java.nio.file.Files.write(bad, new byte[] {'x', ' ', '=', ' ', '"', (byte) 0xe9, '"', '\n'});
    String inc = "check/jg005/incident/";
    CliRun r = run("check", TestResources.path(inc + "fa2_pybind.cu").toString(),
        TestResources.path(inc + "sm90_pybind.cu").toString(), "--python", bad.toString(),
        TestResources.path(inc + "mla.py").toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("latin1.py:1:1: error: not valid UTF-8 text"), r.out());
    assertTrue(r.out().contains("[JG005]"), r.out());
  }
}
