package io.jitguard.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitguard.check.CheckPlan;
import io.jitguard.check.Checker;
import io.jitguard.manifest.Manifest;
import io.jitguard.manifest.ManifestReader;
import io.jitguard.targets.Target;
import io.jitguard.testing.TestResources;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one build plan that check, compile, the runtime and the JUnit helper read. */
class BuildPlanTest {
  private static final Manifest BUNDLED = ManifestReader.read(TestResources.bundledManifest());
  private static final BuildPlan PLAN = BuildPlan.of(BUNDLED, BUNDLED.families(), BUNDLED.defaultTargets());
  private static final VariantKey HOPPER = new VariantKey("mla_decode", "hopper");
  private static final VariantKey PORTABLE = new VariantKey("mla_decode", "portable");
  private static final Target SM90A = Target.parse("sm_90a");

  @Test
  void bundledManifest_hasOneBuildPerVariantAndSupportedTarget() {
    // hopper on sm_90a only; the portable decode and the merge on all six targets
    assertEquals(13, PLAN.builds().size());
    assertEquals(List.of("mla_decode/hopper@sm_90a", "mla_decode/portable@sm_80", "mla_decode/portable@sm_86"),
        PLAN.builds().stream().limit(3).map(b -> b.key() + "@" + b.target().name()).toList());
    VariantBuild hopper = PLAN.build(HOPPER, SM90A).orElseThrow();
    assertEquals(List.of(PORTABLE), hopper.fallbacks());
    assertEquals(Optional.empty(), PLAN.build(PORTABLE, SM90A).orElseThrow().fallback());
    assertEquals(Optional.empty(), PLAN.build(HOPPER, Target.parse("sm_80")));
  }

  @Test
  void units_areEveryInstantiationOfEveryBuild_andSlotsListThemInFallbackOrder() {
    // decode: 12 instantiations x (6 portable + 1 hopper); merge: 3 x 6
    assertEquals(12 * 7 + 3 * 6, PLAN.units().size());
    assertEquals(12 * 6 + 3 * 6, PLAN.slots().size());
    SlotPlan slot = PLAN.slots().stream().filter(s -> s.slot().target().equals(SM90A)
        && s.slot().family().equals("mla_decode")).findFirst().orElseThrow();
    assertEquals(List.of(HOPPER, PORTABLE), slot.candidates().stream().map(u -> u.build().key()).toList());
    assertEquals("mla_decode/hopper[q=bf16,kv=bf16,o=bf16]@sm_90a", slot.candidates().get(0).name());
    Set<UnitKey> keys = new HashSet<>();
    PLAN.units().forEach(u -> assertTrue(keys.add(u.key()), "unit twice: " + u.name()));
  }

  @Test
  void nameExpressions_substituteTheInstantiationInEveryEntryTemplate() {
    CompileUnit u = PLAN.build(HOPPER, SM90A).orElseThrow().units().get(0);
    assertEquals(Map.of(
        "jitguard::mla::plan_kernel<jitguard::mla::hopper::Layout, {IdType}>",
        "jitguard::mla::plan_kernel<jitguard::mla::hopper::Layout, int>",
        "jitguard::mla::hopper::decode_kernel<{DTypeQ}, {DTypeKV}, {DTypeO}, {IdType}>",
        "jitguard::mla::hopper::decode_kernel<__nv_bfloat16, __nv_bfloat16, __nv_bfloat16, int>"),
        u.nameExpressions());
    assertEquals("q-bf16.kv-bf16.o-bf16", u.fileStem());
  }

  @Test
  void nvrtcOptions_areTargetOptionsExtrasIncludesThenHeaders() {
    VariantBuild b = PLAN.build(HOPPER, SM90A).orElseThrow();
    Path kernels = BUNDLED.root();
    assertEquals(List.of("-arch=sm_90a", "-std=c++17", "--extra", "-I" + kernels.resolve("mla"),
        "-I" + kernels.resolve("include"), "-Iheaders"), b.nvrtcOptions(List.of("--extra"), List.of("-Iheaders"),
            Path::toString));
  }

  @Test
  void defines_laterOptionsWin() {
    assertEquals(Map.of("A", "2", "B", "1"), VariantBuild.definesFrom(List.of("-DA=1", "-O3", "-DB", "-DA=2", "-D")));
  }

  @Test
  void everyCompileUnit_isStoodForByExactlyOneCheckUnit() {
    List<Checker.Unit> check = CheckPlan.forPlan(PLAN);
    Set<UnitKey> covered = new HashSet<>();
    for (Checker.Unit u : check) {
      u.compileUnits().forEach(k -> assertTrue(covered.add(k), "two check units for " + k));
      u.entries().forEach(e -> assertTrue(u.compileUnits().contains(e.unit().orElseThrow()), e.toString()));
    }
    assertEquals(Set.copyOf(PLAN.units().stream().map(CompileUnit::key).toList()), covered);
  }
}
