package io.jitguard.nvrtc;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * An NVRTC call returned a status other than success. Carries the call, the status, the compiler
 * log (empty when there is none) and the options the program was compiled with.
 */
public final class NvrtcException extends RuntimeException {
  private final String call;
  private final int status;
  private final String statusName;
  private final String log;
  private final ImmutableList<String> options;

  public NvrtcException(String call, int status, String statusName, String log, List<String> options) {
    super(call + " failed: " + statusName + (log.isBlank() ? "" : "\n" + log.strip()));
    this.call = call;
    this.status = status;
    this.statusName = statusName;
    this.log = log;
    this.options = ImmutableList.copyOf(options);
  }

  public String call() {
    return call;
  }

  public int status() {
    return status;
  }

  public String statusName() {
    return statusName;
  }

  /** The program log: for a compilation error, the compiler's diagnostics. */
  public String log() {
    return log;
  }

  public ImmutableList<String> options() {
    return options;
  }

  /** True when the source did not compile, as opposed to a misuse or an internal failure. */
  public boolean isCompilationError() {
    return "NVRTC_ERROR_COMPILATION".equals(statusName);
  }
}
