package io.jitguard.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jitguard.plan.BuildPlan;
import io.jitguard.manifest.Manifest;
import io.jitguard.manifest.ManifestReader;
import io.jitguard.source.SourceCache;
import io.jitguard.testing.TestResources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bundled kernels check clean for every variant, instantiation and target. */
class BundledKernelsCheckTest {
  @Test
  void everyVariantInstantiationAndTarget_checksClean() {
    Manifest m = ManifestReader.read(TestResources.bundledManifest());
    List<Checker.Unit> units = CheckPlan.forPlan(BuildPlan.of(m, m.families(), m.defaultTargets()));
    assertEquals(13, units.size()); // hopper on sm_90a, portable and merge on all six targets
    assertEquals(24 + 24 + 3, units.stream().filter(u -> u.target().name().equals("sm_90a"))
        .mapToInt(u -> u.entries().size()).sum()); // 12 decode instantiations x 2 kernels x 2 variants, merge x3
    Checker.Result r = new Checker(new SourceCache(), Map.of()).run(units);
    assertEquals(List.of(), r.findings().stream().map(Finding::headline).toList());
    assertEquals(List.of(), r.frontEnd().stream().map(FrontEndDiagnostic::headline).toList());
  }

  @Test
  void targetsWithTheSameTokenStream_shareOneParse() {
    Manifest m = ManifestReader.read(TestResources.bundledManifest());
    Checker.Result r = new Checker(new SourceCache(), Map.of()).run(CheckPlan.forPlan(BuildPlan.of(m, m.families(),
        m.defaultTargets())));
    assertEquals(13, r.units());
    // the portable decode picks its layout by __CUDA_ARCH__ (sm_80 | sm_86, sm_89 | sm_90a | sm_100a)
    // and waits on barriers and fences for the async proxy the sm_90 way from sm_90 on (sm_120): five
    // parses; Hopper and merge one each
    assertEquals(7, r.distinctParses());
  }
}
