package io.jitguard.maven;

import com.google.common.collect.ImmutableList;
import io.jitguard.config.Configuration;
import io.jitguard.config.Settings;
import io.jitguard.report.SimpleJson;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.maven.plugin.MojoExecutionException;

/** What the goals share: POM parameters layered over the config files, and report files. */
final class MavenSettings {
  private MavenSettings() {}

  /** Parameters set in the POM (or with -D) override the project config, which overrides the user's. */
  static Settings effective(File manifest, List<String> targets, Integer jobs, Boolean strict, Boolean failOnWarnings,
      String format) {
    return effective(manifest, targets, jobs, strict, failOnWarnings, format, null);
  }

  static Settings effective(File manifest, List<String> targets, Integer jobs, Boolean strict, Boolean failOnWarnings,
      String format, String remoteCache) {
    Settings pom = new Settings(targets == null || targets.isEmpty() ? Optional.empty()
        : Optional.of(ImmutableList.copyOf(targets)), Optional.ofNullable(jobs).filter(j -> j > 0), Optional.empty(),
        Optional.ofNullable(strict), Optional.empty(), Optional.empty(), Optional.ofNullable(format),
        Optional.ofNullable(failOnWarnings), Optional.ofNullable(remoteCache).filter(u -> !u.isBlank()));
    return Configuration.load(manifest.toPath()).settings().overriddenBy(pom);
  }

  static void writeReport(File reportFile, String format, Consumer<PrintWriter> text,
      Supplier<Map<String, Object>> json, Supplier<Map<String, Object>> sarif) throws MojoExecutionException {
    if (reportFile == null) {
      return;
    }
    if (!List.of("text", "json", "sarif").contains(format)) {
      throw new MojoExecutionException("jitguard.format must be text, json or sarif, not '" + format + "'");
    }
    try {
      Files.createDirectories(reportFile.toPath().toAbsolutePath().getParent());
      try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(reportFile.toPath(), StandardCharsets.UTF_8))) {
        switch (format) {
          case "json" -> SimpleJson.print(json.get(), w);
          case "sarif" -> SimpleJson.print(sarif.get(), w);
          default -> text.accept(w);
        }
      }
    } catch (IOException e) {
      throw new MojoExecutionException("jitguard: cannot write " + reportFile + ": " + e.getMessage(), e);
    }
  }
}
