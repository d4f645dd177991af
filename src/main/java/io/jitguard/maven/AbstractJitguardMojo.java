package io.jitguard.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Parameter;

/** The parameters every jitguard goal takes; unset ones fall back to the config files, then defaults. */
abstract class AbstractJitguardMojo extends AbstractMojo {
  /** The kernel manifest. */
  @Parameter(property = "jitguard.manifest", defaultValue = "${project.basedir}/kernels/manifest.json")
  File manifest;

  /** Targets such as 80,90a (default: the config's targets, else the manifest's). */
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

  /** True (and says so) when the goal is to be skipped. */
  boolean skipped() {
    if (skip) {
      getLog().info("jitguard: skipped (jitguard.skip)");
    }
    return skip;
  }
}
