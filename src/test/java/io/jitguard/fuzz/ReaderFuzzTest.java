package io.jitguard.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import io.jitguard.config.ConfigException;
import io.jitguard.config.ConfigReader;
import io.jitguard.manifest.ManifestException;
import io.jitguard.manifest.ManifestReader;
import io.jitguard.nvrtc.NvrtcLogParser;
import io.jitguard.targets.Target;
import io.jitguard.targets.TargetException;
import io.jitguard.testing.TestResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The other readers of outside input: the manifest and configuration readers, target parsing and
 * NVRTC's log parser. Each either returns or throws its own exception type, which the doors turn
 * into a clear message and exit 2; anything else escaping is a finding.
 */
class ReaderFuzzTest {
  private static Path scratch;

  static Stream<byte[]> manifests() throws IOException {
    try (Stream<Path> s = Files.walk(TestResources.projectDir().resolve("test-resources/manifests"))) {
      List<Path> files = s.filter(p -> p.getFileName().toString().equals("manifest.json")).sorted().toList();
      return Stream.concat(Stream.of(TestResources.bundledManifest()), files.stream()).map(ReaderFuzzTest::bytes);
    }
  }

  static Stream<byte[]> configs() {
    return Stream.of("{\"format\": 1, \"targets\": [\"80\", \"sm_90a\"], \"jobs\": 2, \"strict\": true}",
        "{\"format\": 0, \"archs\": [\"86\"], \"parallel\": 4}", "{\"format\": 1, \"check\": {\"verbose\": true}}",
        "{\"format\": 1, \"output\": \"sarif\", \"outDir\": \"out\"}", "[]", "{\"format\": 2}")
        .map(s -> s.getBytes(StandardCharsets.UTF_8));
  }

  static Stream<String> targets() {
    return Stream.of("80", "8.0", "sm_80", "sm80", "90a", "9.0a", "sm_90a", "sm_100a", "121", "compute_90", "sm_");
  }

  static Stream<String> logs() {
    return Stream.of(String.join("\n",
        "/tmp/exp/broken.cu(9): error: no instance of function template \"MLAPlan\" matches the argument list",
        "            argument types are: (int [2], int)",
        "    MLAPlan<int>(x, 1);",
        "    ^",
        "/tmp/exp/inc/params.cuh(4): note #3322-D: number of parameters of function template \"MLAPlan\" does not "
            + "match the call",
        "  template <typename IdType> __device__ void MLAPlan(IdType* a, int b, int c) {}",
        "                                             ^",
        "",
        "cuda_fp8.h(42): warning #1444-D: function \"f\" was declared deprecated",
        "1 error detected in the compilation of \"broken.cu\"."),
        "nvrtc: error: invalid value for --gpu-architecture (-arch)\n");
  }

  @MethodSource("manifests")
  @FuzzTest
  void manifest(@NotNull byte[] input) {
    readOrReject(() -> ManifestReader.read(write("manifest.json", input)), ManifestException.class);
  }

  @MethodSource("configs")
  @FuzzTest
  void configuration(@NotNull byte[] input) {
    readOrReject(() -> ConfigReader.read(write("jitguard.json", input)), ConfigException.class);
  }

  @MethodSource("targets")
  @FuzzTest
  void target(@NotNull String text) {
    try {
      Target t = Target.parse(text);
      Target.parse(t.toString()); // a parsed target prints as a target that parses
    } catch (TargetException expected) {
      // the parser's own error: the door prints it and exits 2
    }
  }

  @MethodSource("logs")
  @FuzzTest
  void nvrtcLog(@NotNull String log) {
    NvrtcLogParser.parse(log);
  }

  /** Reads, or rejects with the reader's own error (which the door prints, located, with exit 2); nothing else. */
  private static void readOrReject(Runnable read, Class<? extends RuntimeException> ownError) {
    try {
      read.run();
    } catch (RuntimeException e) {
      if (!ownError.isInstance(e)) {
        throw e;
      }
    }
  }

  private static Path write(String name, byte[] input) {
    try {
      if (scratch == null) {
        scratch = Files.createTempDirectory("jitguard-fuzz-readers");
      }
      return Files.write(scratch.resolve(name), input);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
