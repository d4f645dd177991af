package io.jitguard.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitguard.testing.Fixture;
import io.jitguard.testing.TestResources;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The H100 MLA incident, reproduced from its description: what the checker must say, exactly once. */
class IncidentReproductionTest {
  private static Checker.Result check(String fixture) {
    return CheckFixturesTest.check(Fixture.read(TestResources.path("check/incident/" + fixture)));
  }

  @Test
  void hopperPlanSourceCallingMLAPlanWithOneArgumentFewer_isJG001_portableIsClean() {
    Checker.Result hopper = check("plan_hopper.cu");
    assertEquals(1, hopper.findings().size(), hopper.findings().toString());
    Finding f = hopper.findings().get(0);
    assertEquals("JG001", f.rule());
    assertEquals("no declaration of 'MLAPlan' takes 14 arguments", f.message());
    assertEquals("'MLAPlan' declared here with 15 parameters", f.notes().get(0).message());
    assertTrue(f.notes().get(0).location().fileName().endsWith("include/mla_plan.cuh"));
    assertEquals(6, f.notes().get(0).location().line());
    assertEquals(List.of(), check("plan_portable.cu").findings());
  }

  @Test
  void staleDTypeOAssignmentThroughTheDispatchMacro_isOneFindingForBf16AndFp16Only() {
    Checker.Result r = check("run_hopper.cu");
    assertEquals(3, r.findings().size(), r.findings().toString()); // the first error and the two it hid
    Finding assign = r.findings().get(0);
    assertEquals("JG002", assign.rule());
    assertEquals(18, assign.location().line()); // the line the user wrote, not the macro's line 16
    assertEquals(List.of("run_sm90<__half, __half, __half, int>",
        "run_sm90<__nv_bfloat16, __nv_bfloat16, __nv_bfloat16, int>"), List.copyOf(assign.instantiations()));
    Finding.Note macro = assign.notes().stream().filter(n -> n.message().startsWith("expanded from macro"))
        .findFirst().orElseThrow();
    assertEquals("expanded from macro 'DISPATCH_MASK_MODE'", macro.message());
    assertEquals(16, macro.location().line());
    assertEquals(List.of("sm_90a"), List.copyOf(assign.targets()));
    Finding merge = r.findings().get(2);
    assertEquals("passing 'DTypeO *' (aka '__nv_bfloat16 *') to parameter of type 'float *'", merge.message());
    assertEquals("passing argument 6 to parameter 'partial_o' of 'DevicePersistentMergeStates' here",
        merge.notes().get(0).message());
  }

  @Test
  void generatedHeaderEndingInASplice_isOneFindingHoweverOftenIncluded() {
    Checker.Result r = check("uses_config.cu");
    assertEquals(1, r.findings().size(), r.findings().toString());
    Finding f = r.findings().get(0);
    assertEquals("JG004", f.rule());
    assertEquals(5, f.location().line());
    assertEquals(14, f.location().column()); // the backslash
    assertEquals(List.of("sm_80", "sm_90a"), List.copyOf(f.targets()));
    assertTrue(f.notes().stream().anyMatch(n -> n.message().contains("NVRTC rejects the file")));
    assertTrue(f.notes().stream().anyMatch(n -> n.message().contains("backslash-newline at end of file")));
  }
}
