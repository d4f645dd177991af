package io.jitguard.maven;

import com.google.common.collect.ImmutableList;
import io.jitguard.config.ConfigException;
import io.jitguard.env.UserDirs;
import io.jitguard.manifest.ManifestException;
import io.jitguard.matrix.CompileRequest;
import io.jitguard.matrix.MatrixCompiler;
import io.jitguard.matrix.MatrixResult;
import io.jitguard.matrix.ProgressListener;
import io.jitguard.matrix.SlotOutcome;
import io.jitguard.matrix.UnitResult;
import io.jitguard.nvrtc.CudaHeaders;
import io.jitguard.nvrtc.Nvrtc;
import io.jitguard.nvrtc.NvrtcUnavailableException;
import io.jitguard.report.MatrixTextReport;
import io.jitguard.targets.TargetException;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
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
public class CompileMojo extends AbstractMojo {
  @Parameter(property = "jitguard.manifest", defaultValue = "${project.basedir}/kernels/manifest.json")
  File manifest;

  @Parameter(property = "jitguard.targets")
  List<String> targets;

  /** Parallel NVRTC compilations; 0: all cores. */
  @Parameter(property = "jitguard.jobs", defaultValue = "0")
  int jobs;

  @Parameter(property = "jitguard.outputDirectory", defaultValue = "${project.build.outputDirectory}/jitguard")
  File outputDirectory;

  @Parameter(property = "jitguard.strict", defaultValue = "false")
  boolean strict;

  @Parameter(property = "jitguard.skip", defaultValue = "false")
  boolean skip;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("jitguard: skipped (jitguard.skip)");
      return;
    }
    MatrixResult r;
    try {
      Nvrtc nvrtc = Nvrtc.load();
      CudaHeaders headers = CudaHeaders.resolve(nvrtc, UserDirs.cacheDir(), System.getenv());
      r = new MatrixCompiler(nvrtc, headers).run(new CompileRequest(manifest.toPath(),
          targets == null ? ImmutableList.of() : ImmutableList.copyOf(targets), ImmutableList.of(),
          jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors(), outputDirectory.toPath(), false, strict, true),
          ProgressListener.NONE);
    } catch (ManifestException | TargetException | ConfigException e) {
      throw new MojoExecutionException("jitguard: " + e.getMessage(), e);
    } catch (NvrtcUnavailableException | UncheckedIOException e) {
      throw new MojoExecutionException("jitguard: " + e.getMessage(), e);
    }
    StringWriter text = new StringWriter();
    MatrixTextReport.render(r, false, new PrintWriter(text));
    text.toString().lines().forEach(l -> getLog().info(l));
    if (!r.ok()) {
      List<String> lines = new ArrayList<>();
      for (SlotOutcome s : r.slots()) {
        if (!s.covered()) {
          s.fallbacks().forEach(f -> lines.add(s.slot() + ": " + f.reason()));
        }
      }
      if (strict) {
        r.units().stream().filter(u -> !u.ok()).map(UnitResult::failure).flatMap(java.util.Optional::stream)
            .forEach(lines::add);
      }
      throw new MojoFailureException(MavenLogReport.failureMessage(lines.size(), lines));
    }
  }
}
