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
 * {@code jitguard check} on any bytes: the preprocessor, the parser and the analysis, called as
 * the CLI door calls them (the check core, then the JSON report), with and without the bundled
 * kernel headers as includes. The door itself is not in the loop: picocli's parsing costs five
 * times what a small unit's check does, and the door's own handling of each finding's command line
 * is what {@link FuzzFindingsTest} runs. In a normal build these run
 * over the seeds (the project's fixtures and kernels, each finding of {@code fuzz-findings/}, and
 * every input under {@code CheckFuzzTestInputs/}); {@code JAZZER_FUZZ=1} fuzzes (README: Fuzzing).
 */
class CheckFuzzTest {
  private static final Path BUNDLED = TestResources.projectDir().resolve("kernels/include");

  static Stream<byte[]> seeds() {
    return FuzzInputs.sourceSeeds();
  }

  @MethodSource("seeds")
  @FuzzTest
  void checkSource(@NotNull byte[] input) {
    Path main = FuzzInputs.writeTree(input);
    FuzzInputs.assertWellBehaved(FuzzInputs.check(main, List.of(), List.of()), Set.of(0, 1));
  }

  @MethodSource("seeds")
  @FuzzTest
  void checkWithBundledHeaders(@NotNull byte[] input) {
    Path main = FuzzInputs.writeTree(input);
    FuzzInputs.assertWellBehaved(FuzzInputs.check(main, List.of(BUNDLED), List.of("80", "90a")), Set.of(0, 1));
  }
}
