package io.jitguard.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import io.jitguard.testing.TestResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code jitguard check FILE --python FILE} on any bytes: the registration scanner, the Python
 * tokenizer and call finder, and JG005, as the CLI door calls them. An input is split as
 * {@link FuzzInputs} splits it; its {@code .py} files are the Python sources, and with none, the
 * same bytes are also read as Python. Seeds: the cases of test-resources/check/jg005.
 */
class BindingsFuzzTest {
  static Stream<byte[]> seeds() {
    List<byte[]> out = new ArrayList<>();
    try (Stream<Path> cases = Files.list(TestResources.path("check/jg005"))) {
      for (Path dir : cases.filter(Files::isDirectory).sorted().toList()) {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : files.sorted().toList()) {
            b.append(b.length() == 0 ? "" : "\n" + FuzzInputs.SPLIT + f.getFileName() + "\n").append(Files.readString(f));
          }
        }
        out.add(b.toString().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.stream();
  }

  @MethodSource("seeds")
  @FuzzTest
  void checkBindings(@NotNull byte[] input) {
    Path main = FuzzInputs.writeTree(input);
    List<Path> python;
    try (Stream<Path> s = Files.walk(main.getParent())) {
      python = s.filter(p -> p.toString().endsWith(".py") && Files.isRegularFile(p)).sorted().toList();
      if (python.isEmpty()) {
        Path same = main.resolveSibling("same_bytes.py");
        Files.write(same, input);
        python = List.of(same);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FuzzInputs.assertWellBehaved(FuzzInputs.check(main, List.of(), List.of(), python), Set.of(0, 1));
  }

  /** Calls and brackets 100,000 deep: counted in one pass, so this ends at once (it was quadratic). */
  @Test
  void deeplyNestedCalls_areReadInOnePass() {
    int n = 100_000;
    String py = "module.plan(" + "f(".repeat(n) + ")".repeat(n) + ", 2, 3)\n";
    String cu = "void plan(int a, int b);\nPYBIND11_MODULE(ext, m) {\n  m.def(\"plan\", &plan);\n}\n";
    byte[] input = (cu + FuzzInputs.SPLIT + "deep.py\n" + py).getBytes(StandardCharsets.UTF_8);
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
      Path main = FuzzInputs.writeTree(input);
      FuzzInputs.Outcome o = FuzzInputs.check(main, List.of(), List.of(), List.of(main.resolveSibling("deep.py")));
      FuzzInputs.assertWellBehaved(o, Set.of(1));
      org.junit.jupiter.api.Assertions.assertTrue(o.out().contains("'plan' is called with 3 arguments"), o.out());
    });
  }
}
