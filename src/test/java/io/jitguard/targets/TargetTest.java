package io.jitguard.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TargetTest {
  @ParameterizedTest
  @ValueSource(strings = {"90a", "9.0a", "sm_90a", "SM_90A", "sm90a", " sm_90a "})
  void archSpecificForms_allParseToSm90a(String text) {
    assertEquals(new Target(90, true), Target.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"80", "8.0", "sm_80", "sm80"})
  void plainForms_allParseToSm80(String text) {
    assertEquals(new Target(80, false), Target.parse(text));
  }

  @Test
  void threeDigitSm_parses() {
    Target t = Target.parse("sm_100a");
    assertEquals(100, t.sm());
    assertTrue(t.archSpecific());
    assertEquals("sm_100a", t.name());
    assertEquals(1000, t.cudaArch());
    assertEquals("-arch=sm_100a", t.cubinArchOption());
    assertEquals("-arch=compute_100a", t.ptxArchOption());
  }

  @Test
  void aComputeCapabilityBelowOne_isATargetError() { // found by ReaderFuzzTest#manifest: "sm_07" escaped as IllegalArgumentException
    TargetException e = assertThrows(TargetException.class, () -> Target.parse("sm_07"));
    assertEquals("invalid target 'sm_07': no GPU has a compute capability below 1.0", e.getMessage());
    assertThrows(TargetException.class, () -> Target.parse("0.7"));
    assertThrows(TargetException.class, () -> Target.parse("08"));
  }

  @Test
  void cudaArch_isSmTimesTen() {
    assertEquals(800, Target.parse("80").cudaArch());
    assertEquals(900, Target.parse("90a").cudaArch());
    assertEquals(1200, Target.parse("sm_120").cudaArch());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "sm_", "ampere", "sm_8", "8.0.1", "compute_80", "sm_80b", "-80"})
  void garbage_isRejectedWithTheAcceptedForms(String text) {
    TargetException e = assertThrows(TargetException.class, () -> Target.parse(text));
    assertTrue(e.getMessage().contains("invalid target '" + text + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("sm_90a"), e.getMessage());
  }

  @Test
  void archSpecificBeforeHopper_isRejected() {
    TargetException e = assertThrows(TargetException.class, () -> Target.parse("sm_80a"));
    assertTrue(e.getMessage().contains("start at sm_90a"), e.getMessage());
  }

  @Test
  void ordering_plainBeforeArchSpecific() {
    List<Target> sorted = List.of(Target.parse("90a"), Target.parse("120"), Target.parse("90"), Target.parse("80"))
        .stream().sorted().toList();
    assertEquals(List.of("sm_80", "sm_90", "sm_90a", "sm_120"), sorted.stream().map(Target::name).toList());
  }

  @Test
  void supportedTargets_rejectsUnsupportedNamingTheList() {
    SupportedTargets s = new SupportedTargets("NVRTC 13.3", List.of(75, 80, 90, 100));
    TargetException e = assertThrows(TargetException.class, () -> s.resolve("sm_70"));
    assertEquals("unsupported target 'sm_70': NVRTC 13.3 supports sm_75, sm_80, sm_90, sm_100 "
        + "(arch-specific: sm_90a, sm_100a)", e.getMessage());
  }

  @Test
  void supportedTargets_resolveAllSplitsCommasAndDropsDuplicates() {
    SupportedTargets s = new SupportedTargets("NVRTC 13.3", List.of(80, 86, 90));
    assertEquals(List.of("sm_80", "sm_90a", "sm_86"),
        s.resolveAll(List.of("80,sm_90a", "8.6", "sm_80")).stream().map(Target::name).toList());
    assertEquals(List.of("sm_80", "sm_86", "sm_90", "sm_90a"), s.all().stream().map(Target::name).toList());
  }
}
