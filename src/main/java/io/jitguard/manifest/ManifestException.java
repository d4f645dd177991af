package io.jitguard.manifest;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.stream.Collectors;

/** A manifest that cannot be used: every problem found, each with file, line and column. */
public final class ManifestException extends RuntimeException {
  private final ImmutableList<ManifestProblem> problems;

  public ManifestException(List<ManifestProblem> problems) {
    super(problems.stream().map(ManifestProblem::toString).collect(Collectors.joining("\n")));
    this.problems = ImmutableList.copyOf(problems);
  }

  public ImmutableList<ManifestProblem> problems() {
    return problems;
  }
}
