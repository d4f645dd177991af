package io.jitguard.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import io.jitguard.testing.TestResources;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code jitguard check} on any bytes: the preprocessor, the parser and the analysis behind the
 * CLI door, with and without the bundled kernel headers as includes. In a normal build these run
 * over the seeds (the project's fixtures and kernels, each finding of {@code fuzz-findings/}, and
 * every input under {@code CheckFuzzTestInputs/}); {@code JAZZER_FUZZ=1} fuzzes (README: Fuzzing).
 */
class CheckFuzzTest {
  static Stream<byte[]> seeds() {
    return FuzzInputs.sourceSeeds();
  }

  @MethodSource("seeds")
  @FuzzTest
  void checkSource(@NotNull byte[] input) {
    Path main = FuzzInputs.writeTree(input);
    FuzzInputs.assertWellBehaved(FuzzInputs.cli(List.of("check", main.toString(), "--format", "json")), Set.of(0, 1));
  }

  @MethodSource("seeds")
  @FuzzTest
  void checkWithBundledHeaders(@NotNull byte[] input) {
    Path main = FuzzInputs.writeTree(input);
    String include = TestResources.projectDir().resolve("kernels/include").toString();
    FuzzInputs.assertWellBehaved(FuzzInputs.cli(List.of("check", main.toString(), "-I", include, "--sm", "80,90a",
        "--format", "json")), Set.of(0, 1));
  }
}
