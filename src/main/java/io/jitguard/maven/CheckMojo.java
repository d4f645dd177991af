package io.jitguard.maven;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jitguard.check.CheckRequest;
import io.jitguard.check.CheckRunner;
import io.jitguard.check.Checker;
import io.jitguard.check.FrontEndDiagnostic;
import io.jitguard.config.ConfigException;
import io.jitguard.config.Settings;
import io.jitguard.manifest.ManifestException;
import io.jitguard.report.FindingJsonReport;
import io.jitguard.report.SarifReport;
import io.jitguard.targets.TargetException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/** {@code jitguard:check}: the static checks over the project's kernel manifest. */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class CheckMojo extends AbstractJitguardMojo {
  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skipped()) {
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
    if (r.internalErrors() > 0) { // jitguard's own failure: not the kernels' (a MojoFailureException would say so)
      throw new MojoExecutionException("jitguard: internal error: " + r.internalErrors() + " place"
          + (r.internalErrors() == 1 ? "" : "s") + " could not be analysed; this is a bug in jitguard\n"
          + String.join("\n", r.frontEnd().stream().filter(FrontEndDiagnostic::internal)
              .map(FrontEndDiagnostic::headline).toList()));
    }
    boolean strictWarnings = settings.failOnWarnings().orElse(false);
    long warnings = r.findings().stream().filter(f -> f.severity() == io.jitguard.check.Severity.WARNING).count();
    if (r.errors() > 0 || (strictWarnings && warnings > 0)) {
      throw new MojoFailureException(MavenLogReport.failureMessage(r.errors() + (strictWarnings ? warnings : 0),
          MavenLogReport.errorLines(r)));
    }
  }

  static void writeReport(String format, java.io.File reportFile, Checker.Result r) throws MojoExecutionException {
    MavenSettings.writeReport(reportFile, format, w -> io.jitguard.report.FindingTextReport.render(r, false, w),
        () -> FindingJsonReport.toJson(r), () -> SarifReport.forCheck(r));
  }
}
