package io.jitguard.cli;

import io.jitguard.nvrtc.Toolchain;
import com.google.common.collect.ImmutableList;
import io.jitguard.cache.KernelCache;
import io.jitguard.cache.RemoteCache;
import io.jitguard.nvrtc.Workers;
import io.jitguard.plan.Shard;
import io.jitguard.trace.PhaseTrace;
import io.jitguard.config.Configuration;
import io.jitguard.config.Settings;
import io.jitguard.matrix.CompileRequest;
import io.jitguard.matrix.MatrixCompiler;
import io.jitguard.matrix.MatrixResult;
import io.jitguard.matrix.ProgressListener;
import io.jitguard.report.MatrixJsonReport;
import io.jitguard.report.MatrixTextReport;
import io.jitguard.report.SarifReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jitguard compile}: builds a request, runs the matrix, renders the result. */
@Command(name = "compile", mixinStandardHelpOptions = true,
    description = "Compile every kernel family, variant and instantiation for every target with NVRTC.")
final class CompileCommand implements Callable<Integer> {
  /** Not target/jitguard: that is the launcher script the Maven build writes. */
  static final String DEFAULT_OUT = "target/jitguard-out";

  @Spec CommandSpec spec;

  @Option(names = "--manifest", paramLabel = "FILE", description = "kernel manifest (default: ${DEFAULT-VALUE})",
      defaultValue = "kernels/manifest.json")
  Path manifest;

  @Option(names = {"--targets", "--sm"}, paramLabel = "LIST", split = ",",
      description = "targets such as 80,86,sm_90a (default: the manifest's defaultTargets)")
  List<String> targets = new ArrayList<>();

  @Option(names = "--family", paramLabel = "NAME", description = "compile only this family (repeatable)")
  List<String> families = new ArrayList<>();

  @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "parallel compilations (default: all cores)")
  Integer jobs;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "output folder (default: " + DEFAULT_OUT + ")")
  Path out;

  @Option(names = "--ptx", description = "also write PTX beside each CUBIN")
  boolean ptx;

  @Option(names = "--strict", description = "any variant failing is fatal, not only a slot left without a variant")
  Boolean strict;

  @Option(names = "--no-check", description = "compile without running the static checks first")
  Boolean noCheck;

  @Option(names = "--timeout", paramLabel = "DURATION",
      description = "cancel a unit whose compile takes longer (500ms, 90s, 2m; default: no limit); it fails with that reason")
  String timeout;

  @Option(names = "--remote-cache", paramLabel = "URL",
      description = "a shared cache server (GET/HEAD/PUT of <URL>/<key>: bazel-remote, nginx WebDAV...); "
          + "token from " + RemoteCache.TOKEN_ENV + " (also remoteCache in jitguard.json)")
  String remoteCache;

  @Option(names = "--remote-cache-read-only", description = "read from the shared cache server, never upload")
  boolean remoteReadOnly;

  @Option(names = "--shard", paramLabel = "K/N",
      description = "compile only share K of N of the units (into the caches); a run without it assembles the output")
  String shard;

  @Option(names = "--workers", paramLabel = "auto|on|off", defaultValue = "auto",
      description = "compile in worker processes, one per job (at most " + Workers.MAX + "): 'auto' when --jobs is over 1 "
          + "(NVRTC compiles little in parallel within one process), 'on' also at --jobs 1, 'off' never "
          + "(default: ${DEFAULT-VALUE})")
  String workers;

  @Option(names = "--no-cache", description = "compile every unit; neither read nor write the kernel cache "
      + "(also JITGUARD_NO_CACHE=1)")
  boolean noCache;

  @Option(names = {"-v", "--verbose"}, description = "show warnings from the CUDA headers too")
  Boolean verbose;

  @Option(names = {"-q", "--quiet"}, description = "print only the summary line and errors")
  boolean quiet;

  @Mixin FormatOption output;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    PhaseTrace.mark("command line read");
    if (jobs != null && jobs < 1) {
      throw new UsageException("--jobs must be at least 1, not " + jobs);
    }
    Settings flags = new Settings(targets.isEmpty() ? Optional.empty() : Optional.of(ImmutableList.copyOf(targets)),
        Optional.ofNullable(jobs), Optional.ofNullable(out).map(Path::toString), Optional.ofNullable(strict),
        Optional.ofNullable(noCheck).map(n -> !n), Optional.ofNullable(verbose),
        Optional.ofNullable(output.given).map(Enum::name), Optional.empty(), Optional.ofNullable(remoteCache));
    Settings settings = Configuration.load(manifest).settings().overriddenBy(flags);
    OutputFormat format = output.resolve(settings);
    boolean beVerbose = settings.verbose().orElse(false);
    long timeoutMillis;
    Optional<Shard> share;
    try {
      timeoutMillis = timeout == null ? 0 : CompileRequest.parseMillis(timeout, "--timeout");
      share = shard == null ? Optional.empty() : Optional.of(Shard.parse(shard, "--shard"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    PhaseTrace.mark("configuration read");
    Workers workerMode;
    try {
      workerMode = Workers.parse(workers, "--workers");
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Toolchain toolchain = Toolchain.load();
    PhaseTrace.mark("NVRTC " + toolchain.nvrtc().version() + " loaded");
    CompileRequest request = new CompileRequest(manifest, settings.targets().orElse(ImmutableList.of()),
        ImmutableList.copyOf(families), settings.jobs().orElse(Runtime.getRuntime().availableProcessors()),
        Path.of(settings.outDir().orElse(DEFAULT_OUT)), ptx, settings.strict().orElse(false),
        settings.check().orElse(true), timeoutMillis, share);
    ProgressListener progress = System.console() != null && format == OutputFormat.text && !quiet
        ? new TerminalProgress(stderr) : ProgressListener.NONE;
    KernelCache cache;
    try {
      cache = KernelCache.forUser(noCache, stderr::println);
      if (settings.remoteCache().isPresent() && cache.enabled()) {
        cache.withRemote(new RemoteCache(RemoteCache.Config.of(settings.remoteCache().get(), remoteReadOnly,
            System.getenv(), "--remote-cache"), stderr::println));
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    MatrixResult result = new MatrixCompiler(toolchain, cache, workerMode).run(request, progress);
    if (format == OutputFormat.json) {
      MatrixJsonReport.render(result, stdout);
    } else if (format == OutputFormat.sarif) {
      SarifReport.render(SarifReport.forCompile(result), stdout);
    } else if (quiet) {
      QuietSummary.render(result, stdout);
    } else {
      MatrixTextReport.render(result, beVerbose, stdout);
    }
    return result.ok() ? ExitCodes.OK : ExitCodes.FAILURES;
  }

  /** One self-overwriting status line on stderr, only where stderr is a terminal. */
  private static final class TerminalProgress implements ProgressListener {
    private final PrintWriter err;

    TerminalProgress(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void unitDone(int done, int total, int failed, io.jitguard.matrix.UnitResult last) {
      err.printf("\r[%d/%d] %s%s\u001b[K", done, total, last.unit().name(), failed > 0 ? ", " + failed + " failed" : "");
      if (done == total) {
        err.print("\r\u001b[K");
      }
      err.flush();
    }
  }

  /** {@code --quiet}: the errors that made units fail, then the summary line. */
  private static final class QuietSummary {
    static void render(MatrixResult r, PrintWriter out) {
      r.slots().stream().filter(s -> !s.covered())
          .forEach(s -> out.println("no working variant: " + s.slot() + s.fallbacks().stream()
              .map(f -> "\n    " + f.variant() + ": " + f.reason()).reduce("", String::concat)));
      if (r.shard().isPresent()) {
        out.printf("%s: shard %s, %d of %d units, %d from cache, %d failed%n", r.ok() ? "ok" : "FAILED", r.shard().get(),
            r.units().size(), r.plannedUnits(), r.cache().fromCache(), r.failedUnits());
        out.flush();
        return;
      }
      out.printf("%s: %d units, %d from cache, %d failed, %d fallbacks, %d of %d slots without a variant%n",
          r.ok() ? "ok" : "FAILED", r.units().size(), r.cache().fromCache(), r.failedUnits(), r.fallbackSlots(),
          r.uncoveredSlots(), r.slots().size());
      out.flush();
    }
  }
}
