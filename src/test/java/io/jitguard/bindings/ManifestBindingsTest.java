package io.jitguard.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.check.CheckRequest;
import io.jitguard.check.CheckRunner;
import io.jitguard.check.Checker;
import io.jitguard.check.Finding;
import io.jitguard.manifest.ManifestException;
import io.jitguard.testing.TestResources;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Binding groups declared in the manifest are checked by a plain {@code jitguard check}. */
class ManifestBindingsTest {
  private static Checker.Result check(Path manifest) {
    return CheckRunner.run(new CheckRequest(manifest, ImmutableList.of(), ImmutableList.of(), ImmutableMap.of(),
        ImmutableList.of(), ImmutableList.of(), ImmutableMap.of(), ImmutableList.of()));
  }

  @Test
  void aDeclaredGroup_isCheckedWithTheManifest() {
    Checker.Result r = check(TestResources.path("manifests/bindings/manifest.json"));
    List<Finding> jg005 = r.findings().stream().filter(f -> f.rule().equals("JG005")).toList();
    assertEquals(1, jg005.size(), r.findings().toString());
    assertTrue(jg005.get(0).location().toString().endsWith("check/jg005/incident/mla.py:7:47"), jg005.get(0).headline());
    assertTrue(jg005.get(0).message().contains("sm90_pybind.cu (MlaSm90Plan) takes 9"), jg005.get(0).message());
    assertEquals(1, r.errors());
  }

  @Test
  void aMissingBindingSource_isAManifestProblemNamingIt() {
    ManifestException e = assertThrows(ManifestException.class,
        () -> check(TestResources.path("manifests/bindings-missing/manifest.json")));
    assertTrue(e.getMessage().contains("file 'no_such_pybind.cu' in 'sources' does not exist"), e.getMessage());
  }
}
