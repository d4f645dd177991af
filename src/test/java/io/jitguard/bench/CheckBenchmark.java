package io.jitguard.bench;

import io.jitguard.plan.BuildPlan;
import io.jitguard.check.CheckPlan;
import io.jitguard.check.Checker;
import io.jitguard.manifest.Manifest;
import io.jitguard.manifest.ManifestReader;
import io.jitguard.source.SourceCache;
import io.jitguard.targets.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Benchmark, not a test (run by bench/check.sh): the checker on the bundled matrix (first run in
 * a fresh JVM, then warm) and on generated sources of 10k, 50k and 100k lines.
 * Arguments: the manifest, then the generated files.
 */
public final class CheckBenchmark {
  private CheckBenchmark() {}

  public static void main(String[] args) {
    Manifest m = ManifestReader.read(Path.of(args[0]));
    List<Checker.Unit> matrix = CheckPlan.forPlan(BuildPlan.of(m, m.families(), m.defaultTargets()));
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      times.add(run(matrix));
    }
    System.out.printf("bundled matrix (%d units): first run in a fresh JVM %.1f ms; warm median of the last 10: %.1f ms%n",
        matrix.size(), times.get(0), median(times.subList(5, 15)));
    for (int a = 1; a < args.length; a++) {
      Path file = Path.of(args[a]);
      List<Checker.Unit> units = CheckPlan.forFiles(List.of(file), List.of(), Map.of(), List.of(Target.parse("sm_90a")),
          List.of());
      List<Double> t = new ArrayList<>();
      long lines = 0;
      for (int i = 0; i < 7; i++) {
        long start = System.nanoTime();
        Checker.Result r = new Checker(new SourceCache(), Map.of()).run(units);
        t.add((System.nanoTime() - start) / 1e6);
        lines = r.lines();
        if (r.errors() != 0) {
          throw new IllegalStateException("generated source should check clean: " + r.findings());
        }
      }
      double med = median(t.subList(2, 7));
      System.out.printf("%s: %d lines, runs (ms) %s, median of the last 5 %.1f ms, %.2f us/line%n", file.getFileName(),
          lines, format(t), med, med * 1000 / lines);
    }
  }

  private static double run(List<Checker.Unit> units) {
    long start = System.nanoTime();
    Checker.Result r = new Checker(new SourceCache(), Map.of()).run(units);
    if (r.errors() != 0) {
      throw new IllegalStateException("bundled kernels should check clean");
    }
    return (System.nanoTime() - start) / 1e6;
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static String format(List<Double> xs) {
    return xs.stream().map(x -> String.format("%.0f", x)).toList().toString();
  }
}
