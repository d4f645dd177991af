package io.jitguard.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import io.jitguard.manifest.Manifest;
import io.jitguard.manifest.ManifestReader;
import io.jitguard.nvrtc.CudaHeaders;
import io.jitguard.plan.BuildPlan;
import io.jitguard.plan.CompileUnit;
import io.jitguard.targets.Target;
import io.jitguard.testing.TestResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each ingredient of a compile unit's cache key, changed alone, changes the key. */
class CacheKeysTest {
  private static final Optional<String> NVRTC = Optional.of("nvrtc 13.3 " + "ab".repeat(32));
  @TempDir Path dir;
  private CudaHeaders headers;

  @BeforeEach
  void copyFixture() throws IOException {
    Path from = TestResources.path("manifests/cache");
    TestResources.copyTree(from, dir);
    Files.createDirectories(dir.resolve("headers"));
    headers = new CudaHeaders(CudaHeaders.Kind.BUNDLED, ImmutableList.of(dir.resolve("headers")), "test headers");
  }

  private CompileUnit unit(String target) {
    Manifest m = ManifestReader.read(dir.resolve("manifest.json"));
    return BuildPlan.of(m, m.families(), List.of(Target.parse(target))).units().get(0);
  }

  /** A fresh key, as a new run computes it: nothing is remembered between runs. */
  private String key(Optional<String> nvrtc, String target, List<String> options, List<String> names) {
    CacheKeys.Key k = new CacheKeys(nvrtc, headers, dir).keyOf(unit(target), "scale.cu", options, names);
    assertTrue(k.key().isPresent(), k.whyNot());
    return k.key().get();
  }

  private String key() {
    return key(NVRTC, "sm_80", List.of("-arch=sm_80", "-std=c++17", "-DSCALE=2"), List.of("cache_test::scale<float>"));
  }

  @Test
  void sameInputs_sameKey() {
    assertEquals(key(), key());
  }

  @Test
  void oneByteOfAHeaderTwoLevelsDown_misses() throws IOException {
    String before = key();
    Path deep = dir.resolve("inc/deep/factor.cuh");
    Files.writeString(deep, Files.readString(deep).replace("kFactor = 3", "kFactor = 4"));
    assertNotEquals(before, key());
  }

  @Test
  void aDefine_misses() throws IOException {
    String before = key();
    Path m = dir.resolve("manifest.json");
    Files.writeString(m, Files.readString(m).replace("-DSCALE=2", "-DSCALE=3"));
    // the options NVRTC gets change, and so does what the preprocessor sees
    assertNotEquals(before, key(NVRTC, "sm_80", List.of("-arch=sm_80", "-std=c++17", "-DSCALE=3"),
        List.of("cache_test::scale<float>")));
  }

  @Test
  void theTarget_misses() {
    assertNotEquals(key(), key(NVRTC, "sm_90", List.of("-arch=sm_80", "-std=c++17", "-DSCALE=2"),
        List.of("cache_test::scale<float>")));
  }

  @Test
  void theNvrtcBuild_misses() {
    assertNotEquals(key(), key(Optional.of("nvrtc 13.3 " + "cd".repeat(32)), "sm_80",
        List.of("-arch=sm_80", "-std=c++17", "-DSCALE=2"), List.of("cache_test::scale<float>")));
    assertNotEquals(key(), key(Optional.of("nvrtc 13.4 " + "ab".repeat(32)), "sm_80",
        List.of("-arch=sm_80", "-std=c++17", "-DSCALE=2"), List.of("cache_test::scale<float>")));
  }

  @Test
  void nameExpressions_countSorted() {
    List<String> opts = List.of("-arch=sm_80", "-std=c++17", "-DSCALE=2");
    assertEquals(key(NVRTC, "sm_80", opts, List.of("a<int>", "b<int>")), key(NVRTC, "sm_80", opts,
        List.of("b<int>", "a<int>")));
    assertNotEquals(key(NVRTC, "sm_80", opts, List.of("a<int>")), key(NVRTC, "sm_80", opts, List.of("a<float>")));
  }

  @Test
  void optionOrder_counts_andIncludeFoldersAreMadeAbsolute() {
    List<String> names = List.of("cache_test::scale<float>");
    assertNotEquals(key(NVRTC, "sm_80", List.of("-Ia", "-Ib"), names), key(NVRTC, "sm_80", List.of("-Ib", "-Ia"), names));
    assertEquals(key(NVRTC, "sm_80", List.of("-Iinc"), names), key(NVRTC, "sm_80", List.of("-I" + dir.resolve("inc")),
        names));
  }

  @Test
  void whereTheHeadersWereInstalled_andWhereTheProjectLies_doNotCount() throws IOException {
    List<String> names = List.of("cache_test::scale<float>");
    String here = new CacheKeys(NVRTC, headers, dir).keyOf(unit("sm_80"), "scale.cu",
        List.of("-arch=sm_80", "-Iinc", "-I" + dir.resolve("headers")), names).key().orElseThrow();
    // the same project in another folder, with the headers installed in another user's cache folder
    Path moved = dir.resolveSibling(dir.getFileName() + "-moved");
    TestResources.copyTree(dir, moved);
    Path otherHeaders = moved.resolve("other-user/headers");
    Files.createDirectories(otherHeaders);
    CudaHeaders theirs = new CudaHeaders(CudaHeaders.Kind.BUNDLED, ImmutableList.of(otherHeaders), "their headers");
    Manifest m = ManifestReader.read(moved.resolve("manifest.json"));
    CompileUnit there = BuildPlan.of(m, m.families(), List.of(Target.parse("sm_80"))).units().get(0);
    assertEquals(here, new CacheKeys(NVRTC, theirs, moved).keyOf(there, "scale.cu",
        List.of("-arch=sm_80", "-Iinc", "-I" + otherHeaders), names).key().orElseThrow());
  }

  @Test
  void anIncludeThatCannotBeFound_hasNoKey() throws IOException {
    Files.writeString(dir.resolve("inc/scale.cuh"), "#include \"missing.cuh\"\n", java.nio.file.StandardOpenOption.APPEND);
    CacheKeys.Key k = new CacheKeys(NVRTC, headers, dir).keyOf(unit("sm_80"), "scale.cu", List.of(), List.of());
    assertEquals(Optional.empty(), k.key());
    assertTrue(k.whyNot().contains("missing.cuh"), k.whyNot());
  }

  @Test
  void anUnknownNvrtcBuild_hasNoKey() {
    CacheKeys.Key k = new CacheKeys(Optional.empty(), headers, dir).keyOf(unit("sm_80"), "scale.cu", List.of(),
        List.of());
    assertEquals(Optional.empty(), k.key());
    assertTrue(k.whyNot().contains("NVRTC build cannot be identified"), k.whyNot());
  }
}
