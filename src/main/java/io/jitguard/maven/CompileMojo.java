package io.jitguard.maven;

import io.jitguard.nvrtc.Toolchain;
import com.google.common.collect.ImmutableList;
import io.jitguard.cache.KernelCache;
import io.jitguard.config.ConfigException;
import io.jitguard.config.Settings;
import io.jitguard.manifest.ManifestException;
import io.jitguard.matrix.CompileRequest;
import io.jitguard.matrix.MatrixCompiler;
import io.jitguard.matrix.MatrixResult;
import io.jitguard.matrix.ProgressListener;
import io.jitguard.matrix.SlotOutcome;
import io.jitguard.matrix.UnitResult;
import io.jitguard.nvrtc.NvrtcUnavailableException;
import io.jitguard.report.MatrixTextReport;
import io.jitguard.targets.TargetException;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code jitguard:compile}: checks, then compiles the matrix into the project's output folder so
 * the CUBINs and {@code index.json} ship inside its jar.
 */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class CompileMojo extends AbstractJitguardMojo {
  /** Parallel NVRTC compilations (default: the config's jobs, else all cores). */
  @Parameter(property = "jitguard.jobs")
  Integer jobs;

  @Parameter(property = "jitguard.outputDirectory", defaultValue = "${project.build.outputDirectory}/jitguard")
  File outputDirectory;

  /** Any variant failing fails the build (default: the config's strict, else false). */
  @Parameter(property = "jitguard.strict")
  Boolean strict;

  /** Cancel a unit whose compile takes longer ({@code 500ms}, {@code 90s}, {@code 2m}); it then fails with that reason. */
  @Parameter(property = "jitguard.timeout")
  String timeout;

  /** A shared cache server ({@code GET/HEAD/PUT} of {@code <URL>/<key>}); token from {@code JITGUARD_REMOTE_CACHE_TOKEN}. */
  @Parameter(property = "jitguard.remoteCache")
  String remoteCache;

  /** Read from the shared cache server, never upload (for untrusted jobs). */
  @Parameter(property = "jitguard.remoteCacheReadOnly", defaultValue = "false")
  boolean remoteCacheReadOnly;

  /** Compile only share K of N of the units ({@code 2/4}) into the caches; a build without it assembles the output. */
  @Parameter(property = "jitguard.shard")
  String shard;

  /**
   * Compile in worker processes, one per job: {@code auto} when more than one job runs (NVRTC
   * compiles little in parallel within one process), {@code on} always, {@code off} never.
   */
  @Parameter(property = "jitguard.workers", defaultValue = "auto")
  String workers;

  /** Compile every unit, without the kernel cache (also {@code JITGUARD_NO_CACHE=1}). */
  @Parameter(property = "jitguard.noCache", defaultValue = "false")
  boolean noCache;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skipped()) {
      return;
    }
    MatrixResult r;
    Settings settings;
    try {
      settings = MavenSettings.effective(manifest, targets, jobs, strict, failOnWarnings, format, remoteCache);
      Toolchain toolchain = Toolchain.load();
      KernelCache cache = KernelCache.forUser(noCache, getLog()::warn);
      if (settings.remoteCache().isPresent() && cache.enabled()) {
        cache.withRemote(new io.jitguard.cache.RemoteCache(io.jitguard.cache.RemoteCache.Config.of(
            settings.remoteCache().get(), remoteCacheReadOnly, System.getenv(), "jitguard.remoteCache"), getLog()::warn));
      }
      r = new MatrixCompiler(toolchain, cache, io.jitguard.nvrtc.Workers.parse(workers == null ? "auto" : workers, "jitguard.workers")).run(new CompileRequest(manifest.toPath(),
          settings.targets().orElse(ImmutableList.of()), ImmutableList.of(),
          settings.jobs().orElse(Runtime.getRuntime().availableProcessors()), outputDirectory.toPath(), false,
          settings.strict().orElse(false), settings.check().orElse(true),
          timeout == null ? 0 : CompileRequest.parseMillis(timeout, "jitguard.timeout"),
          shard == null || shard.isBlank() ? java.util.Optional.empty()
              : java.util.Optional.of(io.jitguard.plan.Shard.parse(shard, "jitguard.shard"))), ProgressListener.NONE);
    } catch (ManifestException | TargetException | ConfigException | IllegalArgumentException e) {
      throw new MojoExecutionException("jitguard: " + e.getMessage(), e);
    } catch (NvrtcUnavailableException | UncheckedIOException e) {
      throw new MojoExecutionException("jitguard: " + e.getMessage(), e);
    }
    StringWriter text = new StringWriter();
    MatrixTextReport.render(r, false, new PrintWriter(text));
    text.toString().lines().forEach(l -> getLog().info(l));
    MavenSettings.writeReport(reportFile, settings.output().orElse("text"), w -> MatrixTextReport.render(r, false, w),
        () -> io.jitguard.report.MatrixJsonReport.toJson(r), () -> io.jitguard.report.SarifReport.forCompile(r));
    long warnings = r.diagnostics().stream().filter(g -> !g.fromToolkit()
        && g.diagnostic().severity() == io.jitguard.nvrtc.Severity.WARNING).count();
    if (settings.failOnWarnings().orElse(false) && warnings > 0) {
      throw new MojoFailureException(warnings + " kernel warning" + (warnings == 1 ? "" : "s")
          + " (jitguard.failOnWarnings)\n" + String.join("\n", r.diagnostics().stream().filter(g -> !g.fromToolkit()
              && g.diagnostic().severity() == io.jitguard.nvrtc.Severity.WARNING).map(g -> g.diagnostic().headline())
              .toList()));
    }
    if (!r.ok()) {
      List<String> lines = new ArrayList<>();
      for (SlotOutcome s : r.slots()) {
        if (!s.covered()) {
          s.fallbacks().forEach(f -> lines.add(s.slot() + ": " + f.reason()));
        }
      }
      if (settings.strict().orElse(false)) {
        r.units().stream().filter(u -> !u.ok()).map(UnitResult::failure).flatMap(java.util.Optional::stream)
            .forEach(lines::add);
      }
      throw new MojoFailureException(MavenLogReport.failureMessage(lines.size(), lines));
    }
  }
}
