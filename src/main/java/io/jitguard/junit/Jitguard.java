package io.jitguard.junit;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.cache.KernelCache;
import io.jitguard.check.CheckRequest;
import io.jitguard.check.CheckRunner;
import io.jitguard.check.Checker;
import io.jitguard.manifest.Manifest;
import io.jitguard.manifest.ManifestReader;
import io.jitguard.nvrtc.Toolchain;
import io.jitguard.matrix.CompileRequest;
import io.jitguard.matrix.MatrixCompiler;
import io.jitguard.matrix.MatrixResult;
import io.jitguard.matrix.ProgressListener;
import io.jitguard.matrix.UnitResult;
import io.jitguard.plan.BuildPlan;
import io.jitguard.plan.CompileUnit;
import io.jitguard.report.FindingTextReport;
import io.jitguard.report.MatrixTextReport;
import io.jitguard.report.UnitTextReport;
import io.jitguard.targets.Target;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * jitguard for JUnit 5 suites: assert that kernels check clean and compile, or turn a manifest
 * into one dynamic test per family, variant, instantiation and target.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> kernels() {
 *   return Jitguard.kernelTests(Path.of("kernels/manifest.json"));
 * }
 * }</pre>
 */
public final class Jitguard {
  private Jitguard() {}

  /** Fails, with every finding rendered as a compiler would, unless the manifest checks clean. */
  public static void assertChecksClean(Path manifest) {
    assertChecksClean(new CheckRequest(manifest, ImmutableList.of(), ImmutableList.of(), ImmutableMap.of(),
        ImmutableList.of(), ImmutableList.of(), ImmutableMap.of(), ImmutableList.of()));
  }

  /**
   * Fails, with every finding rendered, unless the request (files or a manifest) checks clean and
   * jitguard analysed all of it.
   */
  public static void assertChecksClean(CheckRequest request) {
    Checker.Result r = CheckRunner.run(request);
    if (r.errors() > 0 || r.internalErrors() > 0) {
      StringWriter text = new StringWriter();
      FindingTextReport.render(r, false, new PrintWriter(text));
      fail((r.internalErrors() > 0 ? "jitguard had an internal error (a bug in jitguard, not in the kernels); "
          : "") + "jitguard check found " + r.errors() + " error" + (r.errors() == 1 ? "" : "s") + ":\n" + text);
    }
  }

  /**
   * Compiles the whole matrix for the given targets (the manifest's defaults when none) and fails,
   * with the report, unless every variant compiles wherever it claims support.
   */
  public static MatrixResult assertCompiles(Path manifest, String... targets) {
    MatrixResult r = compile(manifest, List.of(targets));
    if (r.failedUnits() > 0 || !r.ok()) {
      StringWriter text = new StringWriter();
      MatrixTextReport.render(r, false, new PrintWriter(text));
      fail("jitguard compile: " + r.failedUnits() + " of " + r.units().size() + " units failed:\n" + text);
    }
    return r;
  }

  /**
   * One dynamic test per family, variant, instantiation and target, named like
   * {@code mla_decode/hopper[q=bf16,kv=bf16,o=bf16]@sm_90a}. The matrix (static checks, then
   * NVRTC, in parallel) runs once, when the first test runs; each test then passes or fails with
   * its own unit's diagnostics.
   */
  public static Stream<DynamicTest> kernelTests(Path manifest, String... targets) {
    Supplier<MatrixResult> result = Suppliers.memoize(() -> compile(manifest, List.of(targets)));
    return plan(manifest, List.of(targets)).stream().map(unit -> DynamicTest.dynamicTest(unit.name(), () -> {
      UnitResult outcome = result.get().units().stream().filter(x -> x.unit().key().equals(unit.key()))
          .findFirst().orElseThrow();
      if (!outcome.ok()) {
        fail(UnitTextReport.render(outcome));
      }
    }));
  }

  /** The units, without compiling: for naming the dynamic tests up front. */
  private static List<CompileUnit> plan(Path manifest, List<String> targets) {
    Manifest m = ManifestReader.read(manifest);
    List<Target> ts = targets.isEmpty() ? m.defaultTargets() : Toolchain.load().nvrtc().supportedTargets().resolveAll(targets);
    return BuildPlan.of(m, m.families(), ts).units();
  }

  private static MatrixResult compile(Path manifest, List<String> targets) {
    Toolchain toolchain = Toolchain.load();
    Path out;
    try { // under Maven's target folder when the suite runs in one, else a temporary folder
      out = Files.isDirectory(Path.of("target")) ? Files.createDirectories(Path.of("target", "jitguard-junit"))
          : Files.createTempDirectory("jitguard-junit");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new MatrixCompiler(toolchain, KernelCache.forUser(false, System.err::println)).run(new CompileRequest(manifest, ImmutableList.copyOf(targets),
        ImmutableList.of(), Runtime.getRuntime().availableProcessors(), out, false, false, true), ProgressListener.NONE);
  }
}
