package io.jitguard.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitguard.testing.TestResources;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The helpers fail with the rendered diagnostics, and name their dynamic tests readably. */
class JitguardTest {
  @Test
  void assertChecksClean_failsWithTheFindingsRendered() {
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> Jitguard.assertChecksClean(TestResources.path("manifests/diagnostics/manifest.json")));
    assertTrue(e.getMessage().startsWith("jitguard check found 1 error:"), e.getMessage());
    assertTrue(e.getMessage().contains("tripled.cu:21:45: error: assigning to 'float *' from 'DTypeO *' "
        + "(aka '__nv_bfloat16 *') [JG002]"), e.getMessage());
  }

  @Test
  void assertCompiles_failsWithTheReport() {
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> Jitguard.assertCompiles(TestResources.path("manifests/stale-hopper/manifest.json")));
    assertTrue(e.getMessage().startsWith("jitguard compile: 1 of 2 units failed:"), e.getMessage());
    assertTrue(e.getMessage().contains("hopper failed, fell back to portable"), e.getMessage());
  }

  @Test
  void kernelTests_areNamedPerUnit_andAFailingUnitCarriesItsDiagnostics() throws Throwable {
    List<DynamicTest> tests = Jitguard.kernelTests(TestResources.path("manifests/stale-hopper/manifest.json")).toList();
    assertEquals(List.of("mla_decode/hopper[]@sm_80", "mla_decode/portable[]@sm_80"),
        tests.stream().map(DynamicTest::getDisplayName).toList());
    AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> tests.get(0).getExecutable().execute());
    assertTrue(e.getMessage().startsWith("mla_decode/hopper[]@sm_80: FAILED\n  skipped, jitguard check: "
        + "kernels/mla/mla_decode_hopper.cu:7:2: error: #error directive"), e.getMessage());
    tests.get(1).getExecutable().execute(); // the portable variant compiles
  }
}
