package io.jitguard.check;

/** How serious a finding is. */
public enum Severity {
  ERROR, WARNING, NOTE;

  public String spelling() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
