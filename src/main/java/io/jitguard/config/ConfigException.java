package io.jitguard.config;

import com.google.common.collect.ImmutableList;
import java.util.List;

/** A config file that cannot be used: each problem as {@code file:line:col: error: message}. */
public final class ConfigException extends RuntimeException {
  private final ImmutableList<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = ImmutableList.copyOf(problems);
  }

  public ImmutableList<String> problems() {
    return problems;
  }
}
