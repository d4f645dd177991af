package io.jitguard.maven;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.check.CheckRequest;
import io.jitguard.check.CheckRunner;
import io.jitguard.check.Checker;
import io.jitguard.config.ConfigException;
import io.jitguard.config.Settings;
import io.jitguard.manifest.ManifestException;
import io.jitguard.report.FindingJsonReport;
import io.jitguard.report.SarifReport;
import io.jitguard.targets.TargetException;
import java.io.File;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** {@code jitguard:check}: the static checks over the project's kernel manifest. */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class CheckMojo extends AbstractMojo {
  /** The kernel manifest. */
  @Parameter(property = "jitguard.manifest", defaultValue = "${project.basedir}/kernels/manifest.json")
  File manifest;

  /** Targets such as 80,90a; empty: the manifest's defaults. */
  @Parameter(property = "jitguard.targets")
  List<String> targets;

  @Parameter(property = "jitguard.skip", defaultValue = "false")
  boolean skip;

  /** Fail the build on warnings as well as errors (default: the config's failOnWarnings, else false). */
  @Parameter(property = "jitguard.failOnWarnings")
  Boolean failOnWarnings;

  /** text, json or sarif: the format of {@link #reportFile} (default: the config's output, else text). */
  @Parameter(property = "jitguard.format")
  String format;

  /** Where to write the report in {@link #format} (besides the build log); none when unset. */
  @Parameter(property = "jitguard.reportFile")
  File reportFile;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("jitguard: skipped (jitguard.skip)");
      return;
    }
    Checker.Result r;
    Settings settings;
    try {
      settings = MavenSettings.effective(manifest, targets, null, null, failOnWarnings, format);
      r = CheckRunner.run(new CheckRequest(manifest.toPath(), ImmutableList.of(), ImmutableList.of(),
          ImmutableMap.of(), settings.targets().orElse(ImmutableList.of()), ImmutableList.of(), ImmutableMap.of(),
          ImmutableList.of()));
    } catch (ManifestException | TargetException | ConfigException e) {
      throw new MojoExecutionException("jitguard: " + e.getMessage(), e);
    }
    MavenLogReport.log(r, getLog());
    writeReport(settings.output().orElse("text"), reportFile, r);
    boolean strictWarnings = settings.failOnWarnings().orElse(false);
    long warnings = r.findings().stream().filter(f -> f.severity() == io.jitguard.check.Severity.WARNING).count();
    if (r.errors() > 0 || (strictWarnings && warnings > 0)) {
      throw new MojoFailureException(MavenLogReport.failureMessage(r.errors() + (strictWarnings ? warnings : 0),
          MavenLogReport.errorLines(r)));
    }
  }

  static void writeReport(String format, File reportFile, Checker.Result r) throws MojoExecutionException {
    MavenSettings.writeReport(reportFile, format, w -> io.jitguard.report.FindingTextReport.render(r, false, w),
        () -> FindingJsonReport.toJson(r), () -> SarifReport.forCheck(r));
  }
}
