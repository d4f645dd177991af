package io.jitguard.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitguard.testing.TestResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {
  @TempDir Path dir;

  private List<String> problems(String json) throws IOException {
    Path file = dir.resolve("manifest.json");
    Files.writeString(file, json);
    Files.writeString(dir.resolve("k.cu"), "__global__ void k() {}\n");
    ManifestException e = assertThrows(ManifestException.class, () -> ManifestReader.read(file));
    return e.problems().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
  }

  @Test
  void bundledManifest_reads() {
    Manifest m = ManifestReader.read(TestResources.bundledManifest());
    assertEquals(List.of("sm_80", "sm_86", "sm_89", "sm_90a", "sm_100a", "sm_120"),
        m.defaultTargets().stream().map(t -> t.name()).toList());
    KernelFamily decode = m.family("mla_decode").orElseThrow();
    assertEquals(List.of("hopper", "portable"), decode.variants().stream().map(Variant::name).toList());
    assertEquals(12, decode.instantiations().size());
    Instantiation first = decode.instantiations().get(0);
    assertEquals("q=bf16,kv=bf16,o=bf16", first.label());
    assertEquals("jitguard::mla::hopper::decode_kernel<__nv_bfloat16, __nv_bfloat16, __nv_bfloat16, int>",
        first.expand(decode.variants().get(0).entryPoints().get(1)));
    assertEquals(3, m.family("mla_merge").orElseThrow().instantiations().size());
  }

  @Test
  void everyProblemOfABadManifest_isReportedWithLineAndColumn() {
    ManifestException e = assertThrows(ManifestException.class,
        () -> ManifestReader.read(TestResources.path("manifests/bad/manifest.json")));
    List<String> got = e.problems().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
    assertEquals(List.of(
        "3:31: invalid target 'sm_7x': expected a compute capability such as 80, 8.0, sm_80, 90a or sm_90a",
        "9:9: variant is missing the required key 'source'",
        "13:27: entry point 'k<{DTypeQ}>' uses '{DTypeQ}', which is not an axis of this family (axes: DTypeO)",
        "12:20: 'minSm' must be an integer, not the string \"80\"",
        "11:11: unknown key 'sourse' in variant (did you mean 'source'?)",
        "17:21: source file 'does_not_exist.cu' does not exist (looked for "
            + TestResources.path("manifests/bad").resolve("does_not_exist.cu") + ")"), got);
    assertTrue(e.getMessage().contains("manifests/bad/manifest.json:11:11: error: unknown key 'sourse'"), e.getMessage());
  }

  @Test
  void malformedJson_pointsAtTheSyntaxError() throws IOException {
    List<String> got = problems("{\n  \"format\": 1,\n  \"families\": [\n}\n");
    assertEquals(1, got.size());
    assertTrue(got.get(0).startsWith("4:1: malformed JSON"), got.get(0));
  }

  @Test
  void jsonPastJacksonsLimits_namesTheLimitWhereItWasPassed() throws IOException {
    assertEquals(List.of("2:1001: JSON nested deeper than 1000 levels"),
        problems("{\"families\":\n" + "[".repeat(5000) + "]".repeat(5000) + "}"));
    List<String> got = problems("{\"format\": \"" + "x".repeat(20_000_001) + "\"}");
    assertEquals(1, got.size());
    assertTrue(got.get(0).matches("1:\\d+: a JSON string longer than 20000000 characters"), got.get(0));
  }

  @Test
  void wrongTopLevelType_andDuplicateKey() throws IOException {
    assertEquals(List.of("1:1: manifest must be an object, not an array"), problems("[]"));
    assertEquals(List.of("1:15: duplicate key 'format'"), problems("{\"format\": 1, \"format\": 1}"));
  }

  @Test
  void unsupportedFormatAndEmptyFamilies() throws IOException {
    assertEquals(List.of("1:12: unsupported manifest format 2: this jitguard reads format 1",
        "1:49: 'families' is empty: declare at least one kernel family"),
        problems("{\"format\": 2, \"defaultTargets\": [], \"families\": []}"));
  }

  @Test
  void missingFile_isAProblemNotACrash() {
    ManifestException e = assertThrows(ManifestException.class, () -> ManifestReader.read(dir.resolve("nope.json")));
    assertEquals("manifest not found", e.problems().get(0).message());
  }

  @Test
  void closestKey_suggestsOnlyNearMisses() {
    assertEquals("entryPoints", ManifestReader.closest("entrypoints", List.of("name", "entryPoints")).orElseThrow());
    assertTrue(ManifestReader.closest("completelyDifferent", List.of("name", "source")).isEmpty());
  }
}
